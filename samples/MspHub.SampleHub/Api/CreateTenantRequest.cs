namespace MspHub.SampleHub.Api;

/// <summary>Provisions a tenant, under the parent slug when one is given.</summary>
public sealed record CreateTenantRequest(string Slug, string Name, string? Parent = null);
