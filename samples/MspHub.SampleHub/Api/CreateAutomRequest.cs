namespace MspHub.SampleHub.Api;

/// <summary>Creates an autom in the active tenant.</summary>
public sealed record CreateAutomRequest(string Name, string? Schedule = null);
