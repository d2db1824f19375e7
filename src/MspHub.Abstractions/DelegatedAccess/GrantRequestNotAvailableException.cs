namespace MspHub;

/// <summary>
/// Thrown when a tenant administrator answers a technician grant request that cannot be answered: it does not
/// exist, belongs to another tenant, was already answered or withdrawn, asks for a grant that has already expired,
/// or its technician is no longer one. One message for all, so request ids cannot be probed. Nothing has changed.
/// </summary>
public sealed class GrantRequestNotAvailableException : MspHubException
{
    /// <summary>Creates the exception for <paramref name="requestId"/>.</summary>
    public GrantRequestNotAvailableException(Guid requestId)
        : base("There is no pending technician access request with this id in this tenant. It may have been answered or withdrawn.")
    {
        RequestId = requestId;
    }

    /// <summary>The request id that was answered.</summary>
    public Guid RequestId { get; }
}
