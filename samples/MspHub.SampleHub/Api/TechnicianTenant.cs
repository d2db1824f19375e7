namespace MspHub.SampleHub.Api;

/// <summary>A tenant assigned to a technician and the permissions granted there.</summary>
public sealed record TechnicianTenant(Guid Id, string Slug, IReadOnlyList<string> Permissions);
