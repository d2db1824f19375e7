namespace MspHub.EntityFramework;

/// <summary>Which local tenant or user an external system's id stands for.</summary>
internal sealed class ExternalLinkRow
{
    public const string TenantKind = "tenant";
    public const string UserKind = "user";
    public const int MaxSystemLength = 64;
    public const int MaxExternalIdLength = 200;

    public required string System { get; set; }

    public required string Kind { get; set; }

    public required string ExternalId { get; set; }

    public Guid LocalId { get; set; }
}
