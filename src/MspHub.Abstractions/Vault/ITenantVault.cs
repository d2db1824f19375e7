namespace MspHub;

/// <summary>
/// The active tenant's vault (<see cref="ITenancy.Current"/>): secrets encrypted under the tenant's own data key,
/// listed by metadata and read only through an audited reveal. Outside a tenant nothing is reachable. Users need
/// <see cref="VaultPermissions.View"/>, <see cref="VaultPermissions.Manage"/> or <see cref="VaultPermissions.Reveal"/>
/// in the tenant; an API key works only in its own tenant, with the permissions it was given.
/// </summary>
public interface ITenantVault
{
    /// <summary>The tenant's secrets, by name: metadata only, never a value.</summary>
    /// <exception cref="TenantRequiredException">No tenant is active.</exception>
    /// <exception cref="PermissionDeniedException">The caller lacks <see cref="VaultPermissions.View"/> here.</exception>
    Task<IReadOnlyList<VaultSecretMetadata>> ListAsync(VaultCaller caller, CancellationToken cancellationToken = default);

    /// <summary>Encrypts and stores a new secret as version 1, with its audit record, in one transaction.</summary>
    /// <exception cref="TenantRequiredException">No tenant is active.</exception>
    /// <exception cref="PermissionDeniedException">The caller lacks <see cref="VaultPermissions.Manage"/> here.</exception>
    /// <exception cref="ArgumentException">A field is blank, too long or malformed; the message never quotes the value.</exception>
    /// <exception cref="ConflictException">The tenant already has a secret of that name.</exception>
    Task<VaultSecretMetadata> CreateAsync(VaultCaller caller, VaultSecretDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> as the secret's next version; earlier versions stay readable by version number.</summary>
    /// <exception cref="VaultSecretNotFoundException">The tenant has no such secret.</exception>
    /// <exception cref="ConflictException">Another rotation of the secret won the race; read it again and retry.</exception>
    Task<VaultSecretMetadata> RotateAsync(VaultCaller caller, Guid secretId, string value, CancellationToken cancellationToken = default);

    /// <summary>Deletes the secret and every version of it.</summary>
    /// <returns>Whether there was such a secret.</returns>
    Task<bool> DeleteAsync(VaultCaller caller, Guid secretId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decrypts one version of a secret (the current one unless <paramref name="version"/> says otherwise) and returns
    /// it once its audit record (who, when, which version) is written; if the record cannot be written, nothing is
    /// revealed. Every reveal, from a tenant or from <see cref="IVaultGovernance.RevealAsync"/>, passes the one entry
    /// point behind this method, which puts it through the operation gate <see cref="VaultOperations.Reveal"/> when
    /// <c>AddOperationGates</c> is configured (L2 by default: bound to the tenant, the secret and the resolved version, so
    /// an approval never reveals a version rotated in after it).
    /// </summary>
    /// <exception cref="PermissionDeniedException">The caller lacks <see cref="VaultPermissions.Reveal"/> here (the refusal is audited).</exception>
    /// <exception cref="ApprovalRequiredException">The reveal gate is L2 and a request was made; nothing was revealed. Reveal again with <see cref="VaultCaller.WithApproval"/> once another person approved it.</exception>
    /// <exception cref="OperationGateException">The reveal gate refused (self-approval, a used or expired approval, an L3 gate without a recent sign-in, ...); nothing was revealed.</exception>
    /// <exception cref="VaultSecretNotFoundException">The tenant has no such secret or version.</exception>
    /// <exception cref="VaultIntegrityException">The stored bytes or the tenant's data key fail authentication, or the data key was destroyed.</exception>
    Task<RevealedSecret> RevealAsync(VaultCaller caller, Guid secretId, int? version = null, CancellationToken cancellationToken = default);
}
