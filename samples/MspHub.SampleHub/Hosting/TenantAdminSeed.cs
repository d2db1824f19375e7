using Microsoft.AspNetCore.Identity;
using MspHub.SampleHub.Data;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// The demo's tenant admin: Cara, a user of Contoso's own with its Admin role and no system role, so she manages
/// Contoso's users, roles and invitations and sees nothing of the MSP. She is added the way the MSP provisions a
/// customer's first administrator: from outside any tenant, through <see cref="ITenantAccessManager"/>.
/// </summary>
public static class TenantAdminSeed
{
    public const string UserName = "cara";

    public static async Task AddAsync(IServiceProvider provider, Tenant contoso, CancellationToken cancellationToken)
    {
        var cara = HubUser.Create(UserName);
        await provider.GetRequiredService<IMspAccessManager>().AddUserAsync(cara, cancellationToken);
        await provider.GetRequiredService<ITenantAccessManager>().SetMemberAsync(contoso.Id, cara.Id, ["Admin"], cancellationToken);

        var (_, password, _) = DemoSeed.Accounts.Single(a => a.UserName == UserName);
        var account = new DemoAccount { UserId = cara.Id, UserName = UserName, PasswordHash = "" };
        account.PasswordHash = provider.GetRequiredService<IPasswordHasher<DemoAccount>>().HashPassword(account, password);
        var db = provider.GetRequiredService<SampleDb>();
        db.Accounts.Add(account);
        await db.SaveChangesAsync(cancellationToken);
    }
}
