namespace MspHub.EntityFramework.Tests.Model;

/// <summary>Tenant-owned root of a table-per-hierarchy, with a complex property stored in its row; every device, servers too, counts toward the <c>devices</c> quota.</summary>
public class Device : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public DeviceLocation Location { get; set; } = new();
}

/// <summary>Derived from a tenant-owned root, so tenant-owned too; stored in the root's table.</summary>
public sealed class Server : Device
{
    public required string Hostname { get; set; }
}

/// <summary>A complex type (<c>ComplexProperty</c>): columns of its device's row, no key or table of its own.</summary>
public sealed class DeviceLocation
{
    public string Room { get; set; } = "";
}
