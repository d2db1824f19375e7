using Microsoft.AspNetCore.Http;
using MspHub.Licensing;

namespace MspHub.AspNetCore;

/// <summary>
/// The one mapping from MspHub's exceptions to RFC 7807 responses, shared by the exception handler and
/// the endpoint filters: the status says what kind of problem it is, the detail is the exception's message
/// (written for the person who can fix it), and extensions carry the values a client acts on.
/// </summary>
internal static class MspHubProblems
{
    public static IResult For(MspHubException exception)
    {
        var (status, title, extensions) = exception switch
        {
            QuotaExceededException quota => (StatusCodes.Status409Conflict, "Quota exceeded", new Dictionary<string, object?>
            {
                ["quota"] = quota.Quota,
                ["used"] = quota.Used,
                ["limit"] = quota.Limit,
            }),
            TenantLimitExceededException tenants => (StatusCodes.Status409Conflict, "Tenant limit reached", new Dictionary<string, object?>
            {
                ["used"] = tenants.Used,
                ["limit"] = tenants.Max,
            }),
            ConflictException => (StatusCodes.Status409Conflict, "Conflict", null),
            AccessRuleException => (StatusCodes.Status409Conflict, "Access rule", null),
            TenantOperationException => (StatusCodes.Status409Conflict, "Tenant operation refused", null),
            FeatureNotLicensedException feature => (StatusCodes.Status409Conflict, "Feature not licensed", new Dictionary<string, object?> { ["feature"] = feature.Feature }),
            TenantNotFoundException => (StatusCodes.Status404NotFound, "Tenant not found", null),
            InvalidTenantSlugException or UnknownPermissionException => (StatusCodes.Status400BadRequest, "Invalid request", null),
            InvalidBrandingException => (StatusCodes.Status400BadRequest, "Invalid branding", null),
            TenantRequiredException => (StatusCodes.Status400BadRequest, "Tenant required", null),
            LicenceRequiredException => (StatusCodes.Status403Forbidden, "Licence required", null),
            SessionRefusedException => (StatusCodes.Status403Forbidden, "Session refused", null),
            PermissionDeniedException denied => (StatusCodes.Status403Forbidden, "Permission denied", new Dictionary<string, object?> { ["permission"] = denied.Permission.ToString() }),
            _ => (StatusCodes.Status500InternalServerError, "MspHub error", (Dictionary<string, object?>?)null),
        };

        // Isolation failures are bugs or attacks; their messages name entities and are not for the caller.
        var detail = status == StatusCodes.Status500InternalServerError ? "The request could not be completed." : exception.Message;
        return Results.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);
    }
}
