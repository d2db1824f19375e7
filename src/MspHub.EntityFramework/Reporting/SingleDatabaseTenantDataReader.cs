using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>The tenant-owned rows of <typeparamref name="TContext"/>, the stores' context, where everything lives without placements.</summary>
internal sealed class SingleDatabaseTenantDataReader<TContext>(TContext context) : ITenantDataReader
    where TContext : DbContext
{
    public Task<TenantDataTally> ReadAsync(IReadOnlyList<Guid> tenantIds, CancellationToken cancellationToken) =>
        TenantDataTally.ReadAsync(context, tenantIds, cancellationToken);
}
