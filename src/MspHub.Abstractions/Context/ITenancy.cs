namespace MspHub;

/// <summary>
/// The ambient tenant context. It flows with the async logical flow (like <see cref="AsyncLocal{T}"/>),
/// so it works the same in HTTP requests, hosted services, background jobs and tests: open a scope,
/// await freely, and the previous tenant comes back when the scope is disposed.
/// </summary>
/// <example>
/// <code>
/// using (tenancy.BeginScope(tenant))
/// {
///     await SendMonthlyReportAsync(cancellationToken); // sees only this tenant's data
/// }
/// </code>
/// </example>
/// <remarks>
/// A scope changes the context of the flow that opened it and of everything that flow starts
/// afterwards. A scope opened inside an <see langword="async"/> method ends with that method, as
/// <see cref="AsyncLocal{T}"/> values do, so open scopes where their <see langword="using"/> block lives.
/// </remarks>
public interface ITenancy
{
    /// <summary>The context of the current flow; <see cref="TenantContext.None"/> outside any scope.</summary>
    TenantContext Current { get; }

    /// <summary>Makes <paramref name="tenant"/> the active tenant until the returned scope is disposed.</summary>
    IDisposable BeginScope(Tenant tenant);

    /// <summary>
    /// Makes the context explicitly empty until the returned scope is disposed, for code that must run
    /// without tenant data even when called from inside a tenant.
    /// </summary>
    IDisposable BeginNoTenantScope();

    /// <summary>
    /// Opens a cross-tenant (host) scope in which tenant-scoped data of every tenant is reachable.
    /// The scope must be named, and opening it is recorded in the audit log (<see cref="AuditActions.CrossTenantScopeOpened"/>,
    /// in the outer tenant's chain, or the MSP-level chain outside any tenant). The record is written in its own
    /// transaction right after, whether the work in the scope commits or not; <see cref="IAuditLog.FlushAsync"/> waits for it.
    /// </summary>
    /// <param name="name">What the code is doing, for example <c>"billing.monthly-rollup"</c>; it appears in audit and logs.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <exception cref="InvalidAuditEntryException"><paramref name="name"/> is longer than <see cref="AuditEntry.MaxTextLength"/>.</exception>
    IDisposable BeginCrossTenantScope(string name);

    /// <summary>
    /// Opens a read-only scope over <paramref name="subtree"/>: a tenant and its descendants, from
    /// <see cref="ITenantHierarchy.GetSubtreeAsync"/>, which checked the caller's access to the root. Inside it the
    /// query filter and PostgreSQL row-level security let through exactly the subtree's tenants' rows, and nothing
    /// can be written (the save guard refuses every save; bulk updates and deletes are refused). Opening it is
    /// audited like a cross-tenant scope (<see cref="AuditActions.SubtreeScopeOpened"/>, in the root's chain).
    /// </summary>
    /// <param name="subtree">The tenants to reach; a snapshot taken when it was read (see <see cref="TenantSubtree"/>).</param>
    /// <param name="name">What the code is doing, for example <c>"reports.client-rollup"</c>; it appears in audit and logs.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <exception cref="InvalidAuditEntryException"><paramref name="name"/> is longer than <see cref="AuditEntry.MaxTextLength"/>.</exception>
    IDisposable BeginSubtreeScope(TenantSubtree subtree, string name);
}
