namespace MspHub.EntityFramework;

/// <summary>How MspHub works inside one DbContext type; set through <c>UseMspHub(services, o => ...)</c> or <c>AddEntityFrameworkStores&lt;T&gt;(o => ...)</c>.</summary>
public sealed class MspHubDbContextOptions
{
    /// <summary>
    /// Whether each command that runs inside a tenant or cross-tenant scope first sets the PostgreSQL
    /// settings the row-level security policies read (see <see cref="PostgresRowLevelSecurity"/>).
    /// Only for PostgreSQL. Default <see langword="false"/>.
    /// </summary>
    public bool PostgresRowLevelSecurity { get; set; }
}
