namespace MspHub.EntityFramework.Tests.Model;

/// <summary>Tenant-owned through <c>IsTenantOwned("OrganizationId")</c>, without the marker.</summary>
public sealed class VaultSecret
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }
}
