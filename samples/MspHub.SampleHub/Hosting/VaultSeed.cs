using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// The demo's vault: Tina may use Contoso's vault and decide its approval requests, on top of what she already held
/// there; Contoso and Fabrikam get a few secrets, one expiring soon, so the vault, governance and approvals pages have
/// something to show. The values are random: nobody needs to know them until they are revealed.
/// </summary>
public static class VaultSeed
{
    public static async Task EnsureAsync(IServiceProvider provider, Guid adminId, Guid technicianId, Tenant contoso, Tenant fabrikam, CancellationToken cancellationToken)
    {
        var gates = provider.GetRequiredService<IOptions<OperationGateOptions>>().Value;
        var held = await provider.GetRequiredService<IAccessStore>().FindGrantAsync(technicianId, contoso.Id, cancellationToken);
        await provider.GetRequiredService<IMspAccessManager>().GrantAsync(
            technicianId,
            contoso.Id,
            [.. held?.Permissions ?? [], VaultPermissions.View, VaultPermissions.Reveal, VaultPermissions.Manage, gates.ReadPermission, gates.ApprovePermission],
            cancellationToken);

        var now = provider.GetRequiredService<TimeProvider>().GetUtcNow();
        await CreateAsync(provider, adminId, contoso, cancellationToken,
            Draft("backup-admin", "password", "Local admin of the backup server", ["backup"], now.AddDays(20)),
            Draft("m365-graph", "api-key", "Microsoft Graph app for licence reports", ["m365", "reports"], now.AddDays(300)));
        await CreateAsync(provider, adminId, fabrikam, cancellationToken,
            Draft("firewall-admin", "password", "Admin account of the edge firewall", ["network"], null));
    }

    private static async Task CreateAsync(IServiceProvider provider, Guid adminId, Tenant tenant, CancellationToken cancellationToken, params VaultSecretDraft[] drafts)
    {
        using var scope = provider.GetRequiredService<ITenancy>().BeginScope(tenant);
        var vault = provider.GetRequiredService<ITenantVault>();
        foreach (var draft in drafts)
        {
            await vault.CreateAsync(VaultCaller.User(adminId), draft, cancellationToken);
        }
    }

    private static VaultSecretDraft Draft(string name, string kind, string description, string[] tags, DateTimeOffset? expiresAt) => new()
    {
        Name = name,
        Kind = kind,
        Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)),
        Description = description,
        Tags = tags,
        ExpiresAt = expiresAt,
    };
}
