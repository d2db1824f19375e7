namespace MspHub.EntityFramework;

/// <summary>
/// The row-level security settings MspHub's own store code runs its commands with, whatever the ambient
/// tenant context: one tenant's (<see cref="For"/>) where an operation concerns exactly one tenant, every
/// tenant's (<see cref="AllTenants"/>) where it legitimately reads or writes across them (a user's memberships
/// in every tenant, a unique API key prefix, the other tenants' primary memberships), or a few tenants' rows to read
/// and never write (<see cref="ReadOnly"/>) where one database holds several of them and only those may be counted.
/// </summary>
/// <remarks>
/// <para>
/// The stores answer for any tenant, not only the ambient one: permissions are loaded for a tenant the caller is
/// about to enter, and tenants are resolved before any tenant is known. Under row-level security their commands
/// would otherwise see only the ambient tenant's rows, or none. An audited cross-tenant scope would say the
/// wrong thing (nothing crosses tenants on the host's behalf) and widen the query filter of whatever host code
/// ran inside it, so the stores use this narrower scope instead: it changes only the database settings
/// <see cref="TenantSettingsCommandInterceptor"/> writes, never <see cref="ITenancy.Current"/>.
/// </para>
/// <para>
/// It is internal, so host code cannot open it. Its value lives in an <see cref="AsyncLocal{T}"/> set inside the
/// store's own async method, so it ends with that method and never flows back to the caller; every command
/// writes its own settings, so the host's next command, even in the same transaction, runs with the host's
/// settings again. Stores keep host callbacks (a change delegate, quota defaults, audit hooks) outside it.
/// </para>
/// </remarks>
internal sealed class StoreScope : IDisposable
{
    private static readonly AsyncLocal<StoreScope?> Active = new();

    private readonly StoreScope? _outer;

    private StoreScope(Guid? tenantId, IReadOnlyList<Guid>? readableTenantIds = null)
    {
        TenantId = tenantId;
        ReadableTenantIds = readableTenantIds;
        _outer = Active.Value;
        Active.Value = this;
    }

    /// <summary>The innermost scope of the current flow, or <see langword="null"/> outside every one.</summary>
    public static StoreScope? Current => Active.Value;

    /// <summary>The one tenant the commands may reach, or <see langword="null"/> for every tenant (or for <see cref="ReadableTenantIds"/>).</summary>
    public Guid? TenantId { get; }

    /// <summary>The tenants whose rows the commands may read, in a read-only transaction; <see langword="null"/> unless <see cref="ReadOnly"/> opened the scope.</summary>
    public IReadOnlyList<Guid>? ReadableTenantIds { get; }

    /// <summary>Whether the commands may reach every tenant's rows.</summary>
    public bool IsAllTenants => TenantId is null && ReadableTenantIds is null;

    /// <summary>Lets the commands inside reach exactly <paramref name="tenantId"/>'s rows.</summary>
    public static StoreScope For(Guid tenantId) => new(tenantId);

    /// <summary>Lets the commands inside reach every tenant's rows.</summary>
    public static StoreScope AllTenants() => new(null);

    /// <summary>
    /// Lets the commands inside read exactly <paramref name="tenantIds"/>' rows and write nothing, as a subtree scope
    /// does: for counting the rows of a database's tenants without reaching its other tenants.
    /// </summary>
    public static StoreScope ReadOnly(IReadOnlyList<Guid> tenantIds) => new(null, tenantIds);

    /// <summary>Restores the scope that was current before this one.</summary>
    public void Dispose() => Active.Value = _outer;
}
