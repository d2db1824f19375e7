namespace MspHub;

/// <summary>
/// Per-tenant usage counters that cannot be overrun, even by concurrent writers: a consumption is one
/// conditional update that only succeeds while usage stays within the limit. Consume in the same
/// transaction as the insert it guards, and release when the item is deleted.
/// </summary>
/// <example>
/// <code>
/// await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
/// await quotas.ConsumeAsync("automs", 1, cancellationToken);   // throws QuotaExceededException at the limit
/// db.Automs.Add(autom);
/// await db.SaveChangesAsync(cancellationToken);
/// await transaction.CommitAsync(cancellationToken);
/// </code>
/// </example>
public interface IQuotaCounter
{
    /// <summary>Counts <paramref name="amount"/> more of <paramref name="quota"/> for the active tenant.</summary>
    /// <exception cref="QuotaExceededException">It would take the tenant past its limit; nothing was counted.</exception>
    /// <exception cref="TenantRequiredException">No tenant is in context.</exception>
    /// <exception cref="InvalidOperationException">No transaction is open to share with the insert it guards.</exception>
    Task ConsumeAsync(string quota, long amount = 1, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a transaction when none is open, then counts <paramref name="amount"/> more of
    /// <paramref name="quota"/> for the active tenant in it: the service API for code that creates items
    /// outside HTTP. Save the item, then <see cref="IQuotaClaim.CommitAsync"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// await using var claim = await quotas.ClaimAsync("automs", 1, cancellationToken);
    /// db.Automs.Add(autom);
    /// await db.SaveChangesAsync(cancellationToken);
    /// await claim.CommitAsync(cancellationToken);
    /// </code>
    /// </example>
    /// <exception cref="QuotaExceededException">It would take the tenant past its limit; nothing was counted and the transaction it opened is rolled back.</exception>
    /// <exception cref="TenantRequiredException">No tenant is in context.</exception>
    Task<IQuotaClaim> ClaimAsync(string quota, long amount = 1, CancellationToken cancellationToken = default);

    /// <summary>
    /// Recomputes every counter of the quotas that entity types count toward from the rows that really exist,
    /// for all tenants, and sets the counters that drifted. Runs in a cross-tenant scope; limits are untouched.
    /// </summary>
    /// <returns>The counters that were wrong, with what they said and what they are now; empty when none drifted.</returns>
    Task<IReadOnlyList<QuotaCorrection>> ReconcileAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts <paramref name="amount"/> less of <paramref name="quota"/> for the active tenant, never below zero.</summary>
    Task ReleaseAsync(string quota, long amount = 1, CancellationToken cancellationToken = default);

    /// <summary>
    /// The usage and limit of <paramref name="quota"/> in <paramref name="tenantId"/>. The limit is the tenant's own
    /// override, else the subtree limit of the tenant or its nearest ancestor that sets one, else the default;
    /// never above the licence's cap (<see cref="IQuotaDefaults.GetMaxLimit"/>).
    /// </summary>
    Task<QuotaUsage> GetUsageAsync(Guid tenantId, string quota, CancellationToken cancellationToken = default);

    /// <summary>Overrides the limit of <paramref name="quota"/> for <paramref name="tenantId"/>; <see langword="null"/> returns it to the default.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    /// <exception cref="ArgumentException">The quota name breaks the naming rules.</exception>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    /// <exception cref="TenantOperationException">The tenant is being deleted; nothing was written.</exception>
    Task SetLimitAsync(Guid tenantId, string quota, long? limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the limit of <paramref name="quota"/> that <paramref name="tenantId"/> and every tenant under it have
    /// unless they override it themselves (<see cref="SetLimitAsync"/>) or a nearer ancestor sets a subtree limit of
    /// its own: a client's sites get the client's allowance without one override per site, including sites added or
    /// moved under it later. <see langword="null"/> removes it, so the branch inherits from further up again. The
    /// licence's cap still bounds every tenant of the branch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    /// <exception cref="ArgumentException">The quota name breaks the naming rules.</exception>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    /// <exception cref="TenantOperationException">The tenant is being deleted; nothing was written.</exception>
    Task SetSubtreeLimitAsync(Guid tenantId, string quota, long? limit, CancellationToken cancellationToken = default);
}
