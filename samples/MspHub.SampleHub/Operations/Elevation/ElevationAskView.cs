namespace MspHub.SampleHub.Operations.Elevation;

/// <summary>A technician's elevation request as the pages show it: the gate's approval request and who asked.</summary>
/// <param name="Request">The approval request of <c>access.elevate</c>: its state, summary and times.</param>
/// <param name="Technician">The technician's user name.</param>
/// <param name="CanStart">Whether the technician can start it now: approved, inside its execution window, and its ask is still known.</param>
public sealed record ElevationAskView(ApprovalRequest Request, string Technician, bool CanStart);
