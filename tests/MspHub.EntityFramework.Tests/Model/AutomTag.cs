namespace MspHub.EntityFramework.Tests.Model;

/// <summary>A dependent whose key has two columns, one of them its automation's key: a copy keeps the tag and names the automation's copy.</summary>
public sealed class AutomTag : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid AutomId { get; set; }

    public Autom Autom { get; set; } = null!;

    public required string Tag { get; set; }
}
