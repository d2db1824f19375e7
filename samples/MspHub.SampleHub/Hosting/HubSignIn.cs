using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MspHub.AspNetCore;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Signs demo accounts in and issues their MspHub session tokens: at sign-in, on a tenant switch and when the
/// user's access changed since the token was issued. Only the password sign-in counts as signing in (the token's
/// <c>auth_time</c>, which L3 operations need recent); a switch or a renewal carries the session's sign-in over. The
/// pages keep the token in an HttpOnly cookie; the API hands it out for a bearer header.
/// </summary>
public sealed class HubSignIn(
    SampleDb db, IHubUserStore users, ITenantStore tenants, ITenantDirectory directory, ITenantGate gate, ISessionTokens tokens,
    AccountPasswords passwords)
{
    /// <summary>
    /// Why no token is issued for a tenant the user named: one sentence whether the tenant exists or not and however it
    /// was named, so an answer never tells one customer's tenants from names nobody has.
    /// </summary>
    public const string EntryRefused = "You cannot enter the tenant you named, or it does not exist.";

    /// <summary>
    /// A token for the account, in <paramref name="tenant"/> when one is named (refused with
    /// <see cref="SessionRefusedException"/> when the user may not enter it); null when the name or password is wrong.
    /// </summary>
    public async Task<SessionToken?> SignInAsync(string userName, string password, string? tenant, CancellationToken cancellationToken)
    {
        var normalized = userName.Trim().ToLowerInvariant(); // account names are stored in lower case
        // A name no account can have is looked up nowhere (a NUL in it would make PostgreSQL refuse the query).
        var account = Input.IsUserName(normalized) ? await db.Accounts.SingleOrDefaultAsync(a => a.UserName == normalized, cancellationToken) : null;
        if (!passwords.Match(account, password) || await users.FindUserAsync(account.UserId, cancellationToken) is not { IsActive: true } user)
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(tenant)
            ? await IssueAsync(user, null, session: null, cancellationToken)
            : await SwitchAsync(user.Id, tenant, session: null, cancellationToken);
    }

    /// <summary>
    /// A new token in <paramref name="tenant"/>, carrying <paramref name="session"/>'s sign-in (a sign-in now when null);
    /// <see cref="SessionRefusedException"/> with <see cref="EntryRefused"/> when the user may not enter it or it does not exist.
    /// </summary>
    public async Task<SessionToken> SwitchAsync(Guid userId, string tenant, ClaimsPrincipal? session, CancellationToken cancellationToken)
    {
        var target = await FindAsync(tenant, cancellationToken) ?? await FindByNameAsync(userId, tenant, cancellationToken);
        return (target is null ? null : await TryIssueInAsync(userId, target, session, cancellationToken))
            ?? throw new SessionRefusedException(EntryRefused);
    }

    /// <summary>
    /// A token in <paramref name="preferred"/> when the user may still enter it, else in their first tenant
    /// (the admin tenancy for MSP admins), else with no tenant; carrying <paramref name="session"/>'s sign-in (a sign-in
    /// now when null).
    /// </summary>
    public async Task<SessionToken> IssueAsync(HubUser user, Tenant? preferred, ClaimsPrincipal? session, CancellationToken cancellationToken) =>
        (preferred is null ? null : await TryIssueInAsync(user.Id, preferred, session, cancellationToken))
        ?? await IssueAsync(user.Id, await FirstTenantAsync(user, cancellationToken), session, cancellationToken);

    /// <summary>The active tenant a session without a tenant of its own lands in: the admin tenancy for MSP admins, else the user's first; null when there is none.</summary>
    public async Task<Tenant?> FirstTenantAsync(HubUser user, CancellationToken cancellationToken)
    {
        var first = new TenantQuery { Status = TenantStatus.Active, PageSize = 1, IsAdminTenancy = user.SystemRole == SystemRole.MspAdmin ? true : null };
        var page = await directory.ListForAsync(user.Id, first, cancellationToken);
        return page.Items.Count > 0 ? page.Items[0] : null;
    }

    // Entry is decided before a token is asked for: ISessionTokens records every refused issue in the tenant's audit
    // chain, so asking it for any tenant typed would let anyone write into another customer's chain.
    private async Task<SessionToken?> TryIssueInAsync(Guid userId, Tenant tenant, ClaimsPrincipal? session, CancellationToken cancellationToken)
    {
        if (!(await gate.DecideAsync(userId, tenant.Id, cancellationToken)).IsAllowed)
        {
            return null;
        }

        try
        {
            return await IssueAsync(userId, tenant, session, cancellationToken);
        }
        catch (SessionRefusedException)
        {
            return null; // access changed between the decision and the token
        }
    }

    private Task<SessionToken> IssueAsync(Guid userId, Tenant? tenant, ClaimsPrincipal? session, CancellationToken cancellationToken) =>
        session is null ? tokens.IssueAsync(userId, tenant, cancellationToken) : tokens.IssueAsync(userId, tenant, session, cancellationToken);

    // A tenant typed by its name: looked for only among the tenants the user may enter, so a name reveals nothing.
    private async Task<Tenant?> FindByNameAsync(Guid userId, string name, CancellationToken cancellationToken)
    {
        // Text longer than a search term can be is no tenant's name: the refusal is the switcher's own, not the query's.
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > TenantQuery.MaxSearchLength)
        {
            return null;
        }

        var matches = await directory.ListForAsync(userId, new TenantQuery { Search = name.Trim(), Status = TenantStatus.Active, PageSize = TenantQuery.MaxPageSize }, cancellationToken);
        return matches.Items.SingleOrDefault(t => string.Equals(t.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private async Task<Tenant?> FindAsync(string tenant, CancellationToken cancellationToken) =>
        Guid.TryParse(tenant, out var id) ? await tenants.FindByIdAsync(id, cancellationToken)
        : TenantSlug.CouldMatch(tenant) ? await tenants.FindBySlugAsync(tenant, cancellationToken)
        : null;
}
