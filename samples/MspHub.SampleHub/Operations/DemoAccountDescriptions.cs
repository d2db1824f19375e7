using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>
/// What each demo account may do now, read from the access store at each view of the sign-in page, so the list does
/// not go stale when an admin changes grants, memberships or accounts while the demo runs.
/// </summary>
public sealed class DemoAccountDescriptions(SampleDb db, IHubUserStore users, IAccessStore access, ITenantStore tenants)
{
    public async Task<IReadOnlyList<(string UserName, string Password, string Description)>> ListAsync(CancellationToken cancellationToken)
    {
        var described = new List<(string, string, string)>();
        foreach (var (userName, password, _) in DemoSeed.Accounts)
        {
            var userId = await db.Accounts.UserIdOfAsync(userName, cancellationToken);
            var user = userId is { } id ? await users.FindUserAsync(id, cancellationToken) : null;
            described.Add((userName, password, user is { IsActive: true } ? await DescribeAsync(user, cancellationToken) : "no longer active"));
        }

        return described;
    }

    private async Task<string> DescribeAsync(HubUser user, CancellationToken cancellationToken)
    {
        if (user.SystemRole == SystemRole.MspAdmin)
        {
            return "MSP admin: every tenant, the admin pages";
        }

        var names = new List<string>();
        foreach (var tenantId in await access.ListTenantIdsAsync(user.Id, cancellationToken))
        {
            if (await tenants.FindByIdAsync(tenantId, cancellationToken) is { } tenant)
            {
                names.Add(tenant.Name);
            }
        }

        var where = names.Count == 0 ? "no tenant yet" : string.Join(", ", names.Order(StringComparer.CurrentCulture));
        return user.SystemRole == SystemRole.Technician ? $"technician: {where}" : $"tenant user: {where}";
    }
}
