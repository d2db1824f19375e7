using Microsoft.AspNetCore.Authorization;

namespace MspHub.AspNetCore;

/// <summary>
/// A refusal MspHub explains to the caller: the 403 response becomes ProblemDetails with this title,
/// detail and extension, and says nothing about the tenant's data.
/// </summary>
internal abstract class MspHubForbiddenReason(IAuthorizationHandler handler, string message) : AuthorizationFailureReason(handler, message)
{
    public abstract MspHubProblemType Problem { get; }

    public abstract string Detail { get; }

    /// <summary>The one extension member that names what was missing, for clients to act on.</summary>
    public abstract KeyValuePair<string, object?> Extension { get; }
}
