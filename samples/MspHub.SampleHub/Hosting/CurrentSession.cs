using System.Security.Claims;
using MspHub.Licensing;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Who is signed in and what they may do in the active tenant, loaded once per request. Pages use it to leave
/// out buttons the user may not use and to check again in their handlers; the API's endpoint policies check the
/// same permissions, so a hidden button is never the only wall.
/// </summary>
public sealed class CurrentSession(IHttpContextAccessor accessor, ITenancy tenancy, IHubUserStore users, IPermissionEvaluator evaluator, PermissionCatalog catalog, ITenantFeatures features)
{
    private HubUser? _user;
    private PermissionSet? _permissions;

    public Tenant? Tenant => tenancy.Current.Tenant;

    public Guid? UserId =>
        Guid.TryParse(accessor.HttpContext?.User.FindFirstValue("sub"), out var id) ? id : null;

    public async ValueTask<HubUser?> GetUserAsync(CancellationToken cancellationToken = default) =>
        _user ??= UserId is { } id ? await users.FindUserAsync(id, cancellationToken) : null;

    public async ValueTask<bool> CanAsync(string permission, CancellationToken cancellationToken = default) =>
        (await PermissionsAsync(cancellationToken)).Contains(catalog.Id(permission));

    /// <summary>Whether the licence has <paramref name="feature"/> and the active tenant has it on; the menu leaves out what is off.</summary>
    public async ValueTask<bool> HasFeatureAsync(string feature, CancellationToken cancellationToken = default) =>
        Tenant is { } tenant && await features.IsEnabledAsync(tenant, feature, cancellationToken);

    /// <summary>Throws <see cref="PermissionDeniedException"/> unless the user holds <paramref name="permission"/> in the active tenant.</summary>
    public async Task DemandAsync(string permission, CancellationToken cancellationToken = default)
    {
        if (!await CanAsync(permission, cancellationToken))
        {
            throw new PermissionDeniedException(catalog[catalog.Id(permission)], Tenant?.Slug ?? "(none)");
        }
    }

    /// <summary>Whether the user holds <paramref name="permission"/> in another tenant than the active one.</summary>
    public async ValueTask<bool> CanInAsync(Guid tenantId, string permission, CancellationToken cancellationToken = default) =>
        UserId is { } id && await evaluator.HasPermissionAsync(id, tenantId, catalog.Id(permission), cancellationToken);

    private async ValueTask<PermissionSet> PermissionsAsync(CancellationToken cancellationToken) =>
        _permissions ??= UserId is { } id && Tenant is { } tenant
            ? await evaluator.GetPermissionsAsync(id, tenant.Id, cancellationToken)
            : catalog.Nothing;
}
