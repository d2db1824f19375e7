namespace MspHub;

/// <summary>
/// The host's and the extensions' permission declarations (<see cref="MspHubBuilder.AddPermissions"/>), kept as options
/// and compiled into the one <see cref="PermissionCatalog"/> when it is first needed (at the latest when the host starts
/// and validates its options), in the order they were added, so an extension can see what was declared before it.
/// </summary>
internal sealed class PermissionCatalogOptions
{
    public List<Action<PermissionCatalogBuilder>> Declarations { get; } = [];

    public PermissionCatalog Build()
    {
        var builder = new PermissionCatalogBuilder();
        foreach (var declare in Declarations)
        {
            declare(builder);
        }

        return builder.Build();
    }
}
