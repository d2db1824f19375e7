namespace MspHub.SampleHub.Operations.Elevation;

/// <summary>An elevation request's state in words for the technician and the approver.</summary>
public static class ElevationStatus
{
    public static string Of(ApprovalRequest request, DateTimeOffset now) => request.State switch
    {
        ApprovalState.Pending when request.IsOpenAt(now) => "Waiting for approval",
        ApprovalState.Pending => "Lapsed: nobody answered in time",
        ApprovalState.Approved when request.IsExecutableAt(now) => $"Approved: start it before {request.ExecutableUntil!.Value.UtcDateTime:HH:mm} UTC",
        ApprovalState.Approved => "Approved, but not started in time",
        ApprovalState.Denied => "Denied",
        ApprovalState.Cancelled => "Withdrawn",
        _ => "Started",
    };
}
