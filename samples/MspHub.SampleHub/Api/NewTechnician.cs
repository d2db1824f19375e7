namespace MspHub.SampleHub.Api;

/// <summary>A technician just added; assign tenants with PUT /api/technicians/{id}/tenants/{tenantId}.</summary>
public sealed record NewTechnician(Guid Id, string UserName);
