namespace MspHub;

/// <summary>Configures the audit log beyond its defaults.</summary>
public static class MspHubBuilderAuditExtensions
{
    /// <summary>
    /// Signs audit checkpoints with the host's ECDSA P-256 key (<see cref="AuditCheckpointOptions"/>), checked when the
    /// host starts. Without it the chains are hash-chained only: someone who can write both audit tables can rewrite a
    /// chain consistently. To bind from configuration, call
    /// <c>services.Configure&lt;AuditCheckpointOptions&gt;(configuration.GetSection("MspHub:Audit:Checkpoints"))</c> and
    /// pass a <paramref name="configure"/> that sets nothing.
    /// </summary>
    /// <example><code>hub.AddAuditCheckpoints(o => { o.KeyId = "audit-2026-11"; o.SigningKeyPem = File.ReadAllText("/run/secrets/audit-key.pem"); });</code></example>
    public static MspHubBuilder AddAuditCheckpoints(this MspHubBuilder hub, Action<AuditCheckpointOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return hub.AddValidatedOptions<AuditCheckpointOptions, AuditCheckpointOptionsValidator>(configure);
    }

    /// <summary>
    /// Archives and prunes audit records older than <see cref="AuditRetentionOptions.KeepFor"/> when the host calls
    /// <see cref="IAuditRetention.ApplyAsync"/>, and archives a deleted tenant's chain
    /// (<see cref="AuditRetentionOptions.ArchiveFolder"/>, or an <see cref="IAuditArchive"/> the host registers); checked
    /// when the host starts. Pruning needs <see cref="AddAuditCheckpoints"/> with a signing key.
    /// </summary>
    /// <example><code>hub.AddAuditRetention(o => { o.KeepFor = TimeSpan.FromDays(400); o.ArchiveFolder = "/var/lib/msphub/audit-archive"; });</code></example>
    public static MspHubBuilder AddAuditRetention(this MspHubBuilder hub, Action<AuditRetentionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return hub.AddValidatedOptions<AuditRetentionOptions, AuditRetentionOptionsValidator>(configure);
    }
}
