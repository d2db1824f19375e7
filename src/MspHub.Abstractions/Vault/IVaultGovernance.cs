namespace MspHub;

/// <summary>
/// The MSP's central view of every tenant's vault, for governance and auditing: metadata across tenants for MSP
/// admins, their own reveals through the same audited entry point as a tenant's, and the key-encryption-key rotation
/// an operator runs.
/// </summary>
public interface IVaultGovernance
{
    /// <summary>Every tenant's secrets, metadata only: counts, age since rotation, last reveal and by whom, expiring soon.</summary>
    /// <param name="mspAdminId">The MSP admin asking; nobody else reviews across tenants.</param>
    /// <param name="cancellationToken">Stops the review.</param>
    /// <exception cref="VaultAccessDeniedException">The user is not an active MSP admin.</exception>
    Task<VaultGovernanceReport> ReviewAsync(Guid mspAdminId, CancellationToken cancellationToken = default);

    /// <summary>
    /// An MSP admin's reveal of a secret in any tenant: the same entry point, gate operation and audit record (in the
    /// tenant's chain, so the tenant sees it) as <see cref="ITenantVault.RevealAsync"/>. With operation gates, an L2 reveal
    /// is approved by another person holding the approve permission in that tenant.
    /// </summary>
    /// <param name="mspAdmin">The MSP admin asking (a user caller, with their sign-in time and any approval).</param>
    /// <param name="tenantId">The secret's tenant.</param>
    /// <param name="secretId">The secret.</param>
    /// <param name="version">The version; the current one when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the reveal before the value is read.</param>
    /// <exception cref="VaultAccessDeniedException">The caller is not an active MSP admin.</exception>
    /// <exception cref="ApprovalRequiredException">The reveal gate is L2 and a request was made; nothing was revealed.</exception>
    /// <exception cref="OperationGateException">The reveal gate refused; nothing was revealed.</exception>
    /// <exception cref="VaultSecretNotFoundException">The tenant has no such secret or version.</exception>
    /// <exception cref="VaultIntegrityException">The stored bytes or the tenant's data key fail authentication, or the data key was destroyed.</exception>
    Task<RevealedSecret> RevealAsync(VaultCaller mspAdmin, Guid tenantId, Guid secretId, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-wraps every tenant data key still wrapped by an older key-encryption key under
    /// <see cref="IKeyEncryptionKeyProvider.CurrentKeyId"/>, tenant by tenant in id order, each in its own short
    /// write, while the vault stays in use. Stopping it (cancellation, a crash) loses nothing: a data key is either
    /// wrapped by the old key or by the new one, and running it again continues with the keys still to do. Values and
    /// data keys themselves do not change, so no secret is re-encrypted.
    /// </summary>
    /// <param name="progress">Told after each tenant.</param>
    /// <param name="cancellationToken">Stops after the current tenant.</param>
    /// <returns>The final progress; <see cref="VaultRewrapProgress.Remaining"/> is 0 when every key is current.</returns>
    Task<VaultRewrapProgress> RewrapDataKeysAsync(IProgress<VaultRewrapProgress>? progress = null, CancellationToken cancellationToken = default);
}
