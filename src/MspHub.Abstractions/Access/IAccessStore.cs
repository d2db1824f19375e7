namespace MspHub;

/// <summary>Where users, memberships, tenant roles and technician grants are kept.</summary>
public interface IAccessStore
{
    /// <summary>What is known about <paramref name="userId"/> in <paramref name="tenantId"/>; <see cref="AccessFacts.Unknown"/> for an unknown user.</summary>
    ValueTask<AccessFacts> GetAccessFactsAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);
}
