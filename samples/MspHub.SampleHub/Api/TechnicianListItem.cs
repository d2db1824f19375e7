namespace MspHub.SampleHub.Api;

/// <summary>A technician and the tenants assigned to them, with the permissions granted in each.</summary>
public sealed record TechnicianListItem(Guid Id, string UserName, string? FullName, string? Email, IReadOnlyList<TechnicianTenant> Tenants);
