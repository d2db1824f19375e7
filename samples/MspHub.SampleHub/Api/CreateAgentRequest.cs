namespace MspHub.SampleHub.Api;

/// <summary>Creates an AI agent in the active tenant.</summary>
public sealed record CreateAgentRequest(string Name, string? Purpose = null);
