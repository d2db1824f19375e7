using System.Globalization;

namespace MspHub.AspNetCore;

/// <summary>
/// Adds the ambient tenant's id to every outgoing request as <see cref="TenantPropagation.HeaderName"/>. Outside a
/// tenant (no tenant, or a cross-tenant scope) nothing is sent, and whatever the caller set on the request is replaced,
/// so a request can never claim a tenant other than the one the code runs in.
/// </summary>
internal sealed class TenantPropagationHandler(ITenancy tenancy) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(TenantPropagation.HeaderName);
        if (tenancy.Current.Tenant is { } tenant)
        {
            request.Headers.TryAddWithoutValidation(TenantPropagation.HeaderName, tenant.Id.ToString("D", CultureInfo.InvariantCulture));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
