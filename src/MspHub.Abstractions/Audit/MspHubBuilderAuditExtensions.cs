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
}
