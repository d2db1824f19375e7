namespace MspHub.SampleHub.Operations.Grants;

/// <summary>One tenant's line of the grant matrix as posted: the ticked permissions, the expiry as typed and the subtree box.</summary>
public sealed class GrantRowInput
{
    public Guid TenantId { get; set; }

    public string[] Permissions { get; set; } = [];

    /// <summary>The expiry as typed (UTC, <c>yyyy-MM-ddTHH:mm</c> from a date-time field); empty for a grant until revoked.</summary>
    public string? Expires { get; set; }

    public bool Subtree { get; set; }
}
