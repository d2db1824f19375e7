namespace MspHub.AspNetCore;

/// <summary>
/// The body of <c>POST /hub/technician-access/elevations</c>: what a technician asks for in the active tenant. Sent
/// again unchanged, with the <c>MspHub-Approval</c> header, to activate an approved elevation.
/// </summary>
/// <param name="Permissions">The extra permissions, as <c>resource.action</c>.</param>
/// <param name="Duration">How long from activation, as <c>hh:mm:ss</c> (or <c>d.hh:mm:ss</c>).</param>
/// <param name="Reason">Why they are needed.</param>
public sealed record ElevationBody(IReadOnlyList<string>? Permissions, TimeSpan? Duration, string? Reason);
