namespace MspHub.SampleHub.Api;

/// <summary>Adds a technician with a sign-in.</summary>
public sealed record CreateTechnicianRequest(string UserName, string Password);
