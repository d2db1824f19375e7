namespace MspHub;

/// <summary>Declares the actions of one resource; returned by <see cref="PermissionCatalogBuilder.Resource"/>.</summary>
public sealed class ResourcePermissionsBuilder
{
    private readonly PermissionCatalogBuilder _catalog;
    private readonly string _resource;
    private readonly bool _mspLevel;

    internal ResourcePermissionsBuilder(PermissionCatalogBuilder catalog, string resource, bool mspLevel)
    {
        _catalog = catalog;
        _resource = resource;
        _mspLevel = mspLevel;
    }

    /// <summary>Declares <paramref name="actions"/> on this resource, for example <see cref="PermissionActions.All"/>.</summary>
    public ResourcePermissionsBuilder Actions(params IEnumerable<string> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        foreach (var action in actions)
        {
            Action(action);
        }

        return this;
    }

    /// <summary>Declares one action on this resource.</summary>
    /// <param name="action">The action, for example <c>generate</c>.</param>
    /// <param name="sensitive">Whether technicians may never hold it, whatever they are granted (API-key generation, for example).</param>
    public ResourcePermissionsBuilder Action(string action, bool sensitive = false)
    {
        _catalog.Add(new Permission(_resource, action), sensitive, _mspLevel);
        return this;
    }

    /// <summary>Continues with another resource.</summary>
    public ResourcePermissionsBuilder Resource(string resource, bool mspLevel = false) => _catalog.Resource(resource, mspLevel);
}
