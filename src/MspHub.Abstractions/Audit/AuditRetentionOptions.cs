namespace MspHub;

/// <summary>
/// How long audit records stay in the database, and where older ones are archived
/// (<see cref="MspHubBuilderAuditExtensions.AddAuditRetention"/>); validated when the host starts. Retention is off unless
/// <see cref="KeepFor"/> is set: an audit log is evidence, and removing evidence is the host's decision.
/// </summary>
public sealed class AuditRetentionOptions
{
    /// <summary>
    /// Records older than this are archived and pruned by <see cref="IAuditRetention.ApplyAsync"/>; <see langword="null"/>
    /// (the default) prunes nothing. Needs signed checkpoints (<see cref="MspHubBuilderAuditExtensions.AddAuditCheckpoints"/>):
    /// what remains is anchored to one.
    /// </summary>
    public TimeSpan? KeepFor { get; set; }

    /// <summary>
    /// The folder the default archive writes JSON Lines files into, one per archived range; used unless the host
    /// registers its own <see cref="IAuditArchive"/>. Also where a deleted tenant's chain is archived.
    /// </summary>
    public string? ArchiveFolder { get; set; }
}
