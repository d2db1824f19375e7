namespace MspHub;

/// <summary>
/// Runs background work and queued messages inside the tenant they belong to: the tenant is looked up, its status is
/// confirmed with the store (so a suspension or a deletion made on another node stops the work at once, not after a
/// cache expires), and the work runs in a dependency-injection scope of its own with that tenant as the ambient tenant,
/// so scoped services (a <c>DbContext</c>, the audit log) are the job's own and every query is filtered to the tenant.
/// Work for a tenant that cannot be used does not run; the result says why, so a queue can drop or dead-letter the
/// message instead of catching exceptions.
/// </summary>
/// <remarks>
/// A producer that queues work from inside a tenant stamps the tenant on the message
/// (<c>tenancy.Current.RequireTenant("invoices").Id</c>) and the consumer hands that id, or the message itself with a
/// registered <see cref="ITenantResolver{TRequest}"/>, to this runner. The runner is a singleton, so a hosted service
/// takes it in its constructor.
/// </remarks>
public interface ITenantWorkRunner
{
    /// <summary>Runs <paramref name="work"/> in the tenant <paramref name="tenantId"/>, when that tenant exists and is active.</summary>
    /// <param name="tenantId">The tenant the work belongs to.</param>
    /// <param name="work">The work, given the job's own service provider and <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Stops the look-up, and is handed to the work.</param>
    /// <returns>
    /// <see cref="TenantWorkOutcome.Completed"/> when the work ran to its end; otherwise why it did not run. An exception
    /// thrown by the work propagates, after the tenant and service scopes are closed.
    /// </returns>
    Task<TenantWorkResult> RunAsync(Guid tenantId, Func<IServiceProvider, CancellationToken, Task> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resolves <paramref name="message"/>'s tenant with the <see cref="ITenantResolver{TRequest}"/> registered for
    /// <typeparamref name="TMessage"/> (<see cref="MspHubBuilder.ResolveTenantFrom{TRequest}"/>) and runs
    /// <paramref name="work"/> in it, when that tenant exists and is active.
    /// </summary>
    /// <typeparam name="TMessage">The message type, with a resolver registered for it.</typeparam>
    /// <param name="message">The message; it names its tenant by id or slug.</param>
    /// <param name="work">The work, given the message, the job's own service provider and <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Stops the resolution and the look-up, and is handed to the work.</param>
    /// <returns>As <see cref="RunAsync(Guid, Func{IServiceProvider, CancellationToken, Task}, CancellationToken)"/>, and <see cref="TenantWorkOutcome.NoTenant"/> when the message names no tenant.</returns>
    /// <exception cref="InvalidOperationException">No resolver is registered for <typeparamref name="TMessage"/>.</exception>
    Task<TenantWorkResult> RunAsync<TMessage>(TMessage message, Func<TMessage, IServiceProvider, CancellationToken, Task> work, CancellationToken cancellationToken = default);
}
