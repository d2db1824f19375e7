namespace MspHub;

/// <summary>
/// Marks an entity as owned by one tenant. Data packages (MspHub.EntityFramework) then filter every
/// query by the active tenant, stamp the tenant on new rows and refuse writes across tenants.
/// </summary>
/// <remarks>
/// The marker has no members, so domain types need not expose the tenant id: MspHub.EntityFramework
/// maps a <c>TenantId</c> property of type <see cref="Guid"/> when the type declares one and a shadow
/// property when it does not.
/// </remarks>
#pragma warning disable CA1040 // A marker is the point: it lets domain assemblies opt in without referencing EF Core.
public interface ITenantOwned;
#pragma warning restore CA1040
