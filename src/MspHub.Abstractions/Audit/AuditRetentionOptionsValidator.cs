using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>Fails start-up on retention that could not prune safely: no positive age, no archive, or no signing key to anchor what remains.</summary>
internal sealed class AuditRetentionOptionsValidator(IServiceProviderIsService services, IOptions<AuditCheckpointOptions> checkpoints) : IValidateOptions<AuditRetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditRetentionOptions options)
    {
        const string Section = "MspHub:Audit:Retention";
        if (options.ArchiveFolder is { } folder && string.IsNullOrWhiteSpace(folder))
        {
            return ValidateOptionsResult.Fail($"{Section}:ArchiveFolder is empty; name a folder, or leave it unset.");
        }

        if (options.KeepFor is not { } keepFor)
        {
            return ValidateOptionsResult.Success;
        }

        if (keepFor <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"{Section}:KeepFor ({keepFor}) must be positive; leave it unset to keep every record.");
        }

        if (options.ArchiveFolder is null && !services.IsService(typeof(IAuditArchive)))
        {
            return ValidateOptionsResult.Fail($"{Section}: set ArchiveFolder or register an IAuditArchive; records are archived before they are pruned.");
        }

        return checkpoints.Value is { KeyId: not null } and ({ SigningKeyPem: not null } or { SigningKey: not null })
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{Section}: pruning anchors what remains to a signed checkpoint; call AddAuditCheckpoints with a signing key.");
    }
}
