namespace MspHub.EntityFramework;

/// <summary>One PostgreSQL server tenants can be placed on.</summary>
public sealed class PlacementServer
{
    /// <summary>
    /// The name placements record (lowercase letters, digits and dashes, up to 63 characters): a name, not an
    /// address, so a server can change address without rewriting placements.
    /// </summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// How the application connects to the server's shared database, as the role its tenants' requests use (one that
    /// does not own the tables and cannot bypass row-level security). A dedicated database is reached with the same
    /// settings and the database name changed.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// How MspHub connects to create a dedicated database and its tables: a role with <c>CREATEDB</c> that owns what it
    /// creates. Leave empty to use <see cref="ConnectionString"/>, for a development server with one role.
    /// </summary>
    public string? AdminConnectionString { get; set; }
}
