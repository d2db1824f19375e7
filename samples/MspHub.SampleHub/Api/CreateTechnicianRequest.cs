namespace MspHub.SampleHub.Api;

/// <summary>Adds a technician with a sign-in, and optionally how to reach them.</summary>
public sealed record CreateTechnicianRequest(string UserName, string Password, string? FullName = null, string? Email = null);
