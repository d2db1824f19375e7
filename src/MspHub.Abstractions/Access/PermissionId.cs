namespace MspHub;

/// <summary>
/// A permission's dense index in the <see cref="PermissionCatalog"/>. Resolve it once (at start-up or
/// when an endpoint is built) with <see cref="PermissionCatalog.Id(Permission)"/>; checks by id are a
/// bit test.
/// </summary>
/// <param name="Index">The position in <see cref="PermissionCatalog.All"/>.</param>
public readonly record struct PermissionId(int Index);
