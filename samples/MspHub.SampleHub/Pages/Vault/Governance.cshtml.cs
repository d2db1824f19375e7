using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Pages.Approvals;

namespace MspHub.SampleHub.Pages.Vault;

/// <summary>
/// The MSP's review of every tenant's vault, metadata only: how many secrets each tenant holds, how long since each
/// was rotated, who revealed it last and which expire soon. <see cref="IVaultGovernance"/> decides who may see it
/// (active MSP admins); everyone else gets a page saying why not.
/// </summary>
public sealed class GovernanceModel(IVaultGovernance governance, CurrentSession session, IHubUserStore users) : HubPage
{
    public bool Allowed { get; private set; }

    public VaultGovernanceReport? Report { get; private set; }

    /// <summary>Who last revealed each secret, by secret id, as a person reads it.</summary>
    public IReadOnlyDictionary<Guid, string> RevealedBy { get; private set; } = new Dictionary<Guid, string>();

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Report = await governance.ReviewAsync(session.UserId!.Value, cancellationToken);
        }
        catch (VaultAccessDeniedException)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        Allowed = true;
        var names = new PersonNames(users);
        var revealedBy = new Dictionary<Guid, string>();
        foreach (var item in Report.Secrets)
        {
            if (item.Secret.LastRevealedBy is { } actor)
            {
                revealedBy[item.Secret.Id] = await names.OfAsync(actor, cancellationToken);
            }
        }

        RevealedBy = revealedBy;
    }
}
