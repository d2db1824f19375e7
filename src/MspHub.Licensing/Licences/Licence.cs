namespace MspHub.Licensing;

/// <summary>
/// What a licence grants an install: who it is for, how many tenants, which features, and the quotas each
/// tenant starts with. Issued and signed by the vendor (<see cref="LicenceIssuer"/>), checked by the host
/// (<see cref="LicenceVerifier"/>).
/// </summary>
public sealed record Licence
{
    /// <summary>The licence's id, for support and renewal.</summary>
    public required string LicenceId { get; init; }

    /// <summary>Who the licence is for.</summary>
    public required string Licensee { get; init; }

    /// <summary>The product edition, for example <c>msp</c>.</summary>
    public required string Edition { get; init; }

    /// <summary>The most tenants the install may hold.</summary>
    public required int MaxTenants { get; init; }

    /// <summary>The features the install may switch on, for example <c>vault</c> or <c>ai-agents</c>.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>The limit each tenant starts with, by quota name (for example <c>automs</c>, <c>users</c>).</summary>
    public IReadOnlyDictionary<string, long> DefaultQuotas { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// The most any one tenant may be given, by quota name: a tenant's own limit, or one it inherits from a parent's
    /// subtree limit, counts as this cap when it is higher, so an MSP cannot hand out more than it bought. A quota
    /// not named here has no cap.
    /// </summary>
    public IReadOnlyDictionary<string, long> MaxQuotas { get; init; } = new Dictionary<string, long>();

    /// <summary>When the licence was issued; it is not valid before then.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>When the licence stops being valid.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>What makes these terms impossible to honour, or <see langword="null"/>: the issuer refuses to sign them and the verifier to accept them.</summary>
    internal string? Contradiction() =>
        MaxTenants < 0 || DefaultQuotas.Any(q => q.Value < 0) || MaxQuotas.Any(q => q.Value < 0) ? "The licence holds a negative limit."
        : ExpiresAt <= IssuedAt ? "The licence expires before it is issued."
        : null;

    /// <summary>
    /// A name shown to the MSP's staff (licensee, edition, licence id) that is not plain text on one line, or
    /// <see langword="null"/>: the issuer refuses to sign it, as MspHub refuses such names everywhere else.
    /// </summary>
    internal string? Unprintable() =>
        new[] { (What: "licensee", Text: Licensee), (What: "edition", Text: Edition), (What: "licence id", Text: LicenceId) }
            .Where(name => !Guard.IsPlainLine(name.Text))
            .Select(name => $"The {name.What} is shown to the MSP's staff, so it is plain text on one line: no control characters, line breaks, bidirectional formatting or invisible characters.")
            .FirstOrDefault();

    /// <summary>
    /// A quota whose default is above its cap, or <see langword="null"/>: the issuer refuses to sign such terms. A host
    /// still accepts a licence signed with them before, and counts the default only up to the cap.
    /// </summary>
    internal string? DefaultAboveCap() =>
        DefaultQuotas.FirstOrDefault(q => MaxQuotas.TryGetValue(q.Key, out var cap) && q.Value > cap) is { Key: { } quota } above
            ? $"The licence's default for quota '{quota}' ({above.Value}) is above its cap ({MaxQuotas[quota]})."
            : null;
}
