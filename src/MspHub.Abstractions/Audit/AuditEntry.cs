namespace MspHub;

/// <summary>
/// What a caller asks <see cref="IAuditLog"/> to record: the action, the tenant it happened in (or none for an
/// MSP-level action), its target, outcome and a small detail. The log adds the time, the actor (when not given),
/// the correlation and trace ids and the chain fields, so callers cannot forge them.
/// </summary>
/// <example>
/// <code>
/// await audit.RecordAsync(new AuditEntry("sample.autom.deleted", tenantId)
/// {
///     TargetType = "autom",
///     TargetId = autom.Id.ToString(),
///     Detail = new Dictionary&lt;string, string&gt; { ["name"] = autom.Name },
/// }, cancellationToken);
/// </code>
/// </example>
/// <param name="action">What happened: one of <see cref="AuditActions"/> or a host name such as <c>"sample.autom.deleted"</c> (at most <see cref="MaxActionLength"/> characters).</param>
/// <param name="tenantId">The tenant the action was performed in, whose chain receives the record; <see langword="null"/> for an MSP-level action (the MSP chain).</param>
public sealed class AuditEntry(string action, Guid? tenantId)
{
    /// <summary>The longest action name: long enough for a dotted namespace, short enough to index.</summary>
    public const int MaxActionLength = 128;

    /// <summary>The longest target type, target id, reason or correlation id.</summary>
    public const int MaxTextLength = 256;

    /// <summary>The most detail entries a record carries: a record describes one action, not a document.</summary>
    public const int MaxDetailEntries = 16;

    /// <summary>The longest detail key.</summary>
    public const int MaxDetailKeyLength = 64;

    /// <summary>The longest detail value.</summary>
    public const int MaxDetailValueLength = 512;

    /// <summary>What happened.</summary>
    public string Action { get; } = action;

    /// <summary>The tenant acted in; <see langword="null"/> for an MSP-level action.</summary>
    public Guid? TenantId { get; } = tenantId;

    /// <summary>What kind of thing the action concerned (<c>"tenant"</c>, <c>"api-key"</c>, a host type), if anything.</summary>
    public string? TargetType { get; init; }

    /// <summary>Which one: its id or slug, never a secret.</summary>
    public string? TargetId { get; init; }

    /// <summary>Whether the action happened; refusals are aggregated (see <see cref="IAuditLog"/>).</summary>
    public AuditOutcome Outcome { get; init; } = AuditOutcome.Succeeded;

    /// <summary>Why it was refused, or a short note on a success.</summary>
    public string? Reason { get; init; }

    /// <summary>Who acted; <see langword="null"/> takes the flow's actor from <see cref="IAuditActorSource"/>.</summary>
    public AuditActor? Actor { get; init; }

    /// <summary>
    /// Ties the record to the unit of work it belongs to (a message id, a job run); <see langword="null"/> takes the
    /// current <see cref="System.Diagnostics.Activity"/>'s span id.
    /// </summary>
    public string? CorrelationId { get; init; }

    /// <summary>
    /// A few named values, such as the fields an update changed. Keys are lowercase letters, digits, dots, dashes and
    /// underscores; a key that names a secret (password, secret, token, credential, private key) is refused, because
    /// the audit log is readable by tenant administrators and exported.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Detail { get; init; }

    /// <summary>
    /// Signs a checkpoint with this record whatever the schedule of <see cref="AuditCheckpointOptions"/> says, when a
    /// signing key is configured: for a record that certifies something (a tenant's deletion, a pruned range) and must
    /// not wait for the next scheduled checkpoint to be signed. The checkpoint's <see cref="AuditCheckpoint.SignedAt"/> is
    /// the record's <see cref="AuditRecord.OccurredAt"/>, which is how verification tells it was signed in the record's append.
    /// </summary>
    public bool SignCheckpoint { get; init; }
}
