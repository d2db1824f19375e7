namespace MspHub.EntityFramework;

/// <summary>One tenant's placement as the control plane stores it (see <see cref="TenantPlacement"/>).</summary>
internal sealed class PlacementRow
{
    public Guid TenantId { get; set; }

    public required string Server { get; set; }

    public string? Database { get; set; }

    public PlacementState State { get; set; }

    public bool WritesFenced { get; set; }

    public long Epoch { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public TenantPlacement ToPlacement() => new(TenantId, Server, Database, State, WritesFenced, Epoch);
}
