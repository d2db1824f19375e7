namespace MspHub.Tool;

/// <summary>The tables a <see cref="HubContext"/> maps: the host's tenant-owned ones, and where MspHub's own tables live.</summary>
/// <param name="HostTables">The host's tenant-owned tables.</param>
/// <param name="MspHubSchema">The schema of MspHub's own tables, or <see langword="null"/> for where <c>ApplyMspHub</c> puts them.</param>
/// <param name="MspHubTables">Whether MspHub's own tables are mapped: not in a placement's data database, which holds the host's only.</param>
internal sealed record HubTables(IReadOnlyList<TableName> HostTables, string? MspHubSchema, bool MspHubTables = true)
{
    /// <summary>MspHub's own tables where <c>ApplyMspHub</c> puts them, and nothing of the host's.</summary>
    public static HubTables MspHubOnly { get; } = new([], null);

    /// <summary>A value equal for equal table lists, for the model cache.</summary>
    public string Key => $"{MspHubTables}|{MspHubSchema}|{string.Join('|', HostTables.Select(t => t.Qualified))}";
}

/// <summary>A table as typed on the command line: <c>automs</c> or <c>app.automs</c>.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Schema">Its schema, or <see langword="null"/> for the connection's search path.</param>
internal sealed record TableName(string Name, string? Schema)
{
    /// <summary>The name with its schema, as typed and as the posture reports it.</summary>
    public string Qualified => Schema is null ? Name : $"{Schema}.{Name}";

    /// <summary>Reads <c>[schema.]table</c>.</summary>
    /// <exception cref="UsageException">It has more than one dot or an empty part.</exception>
    public static TableName Parse(string text) => text.Split('.') switch
    {
        [{ Length: > 0 } name] => new(name, null),
        [{ Length: > 0 } schema, { Length: > 0 } name] => new(name, schema),
        _ => throw new UsageException($"--table '{text}' is not <table> or <schema>.<table>."),
    };
}
