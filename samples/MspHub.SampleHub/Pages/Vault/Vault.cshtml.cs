using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Pages.Approvals;

namespace MspHub.SampleHub.Pages.Vault;

/// <summary>
/// The active tenant's vault: its secrets by metadata, and for those who may, creating, rotating, deleting and
/// revealing them. A reveal goes through MspHub's reveal gate (L2 by default): the first click asks another person to
/// approve, and once they have, the same button reveals the value once, in the answer to that click only. The value
/// is never stored, redirected with, or cached: leaving or reloading the page forgets it.
/// </summary>
public sealed class VaultModel(ITenantVault vault, IOperationApprovals approvals, CurrentSession session, IHubUserStore users, TimeProvider time) : HubPage
{
    public static readonly string[] Kinds = ["password", "api-key", "connection-string", "certificate", "token", "other"];

    [BindProperty]
    public SecretForm Form { get; set; } = new();

    public bool Allowed { get; private set; }

    public bool CanManage { get; private set; }

    public bool CanReveal { get; private set; }

    public IReadOnlyList<SecretRow> Secrets { get; private set; } = [];

    /// <summary>The value revealed by this very request; never carried anywhere else.</summary>
    public RevealedSecret? Revealed { get; private set; }

    /// <summary>Why a reveal was refused; shown by the page itself, since a reveal answers without a redirect.</summary>
    public string? RevealError { get; private set; }

    public DateTimeOffset Now { get; } = time.GetUtcNow();

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!Allowed)
        {
            return Page();
        }

        return await ActAsync(() => GateRefusals.Plainly(async () =>
        {
            var created = await vault.CreateAsync(Caller(), new VaultSecretDraft
            {
                Name = Form.Name?.Trim() ?? "",
                Kind = Form.Kind ?? "",
                Value = string.IsNullOrEmpty(Form.Value) ? throw new ArgumentException("A secret needs a value.") : Form.Value,
                Description = string.IsNullOrWhiteSpace(Form.Description) ? null : Form.Description.Trim(),
                Tags = [.. (Form.Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                ExpiresAt = Form.ExpiresOn is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            }, cancellationToken);
            return $"Secret '{created.Name}' stored as version 1.";
        }), cancellationToken);
    }

    public async Task<IActionResult> OnPostRotateAsync(Guid id, string? value, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!Allowed)
        {
            return Page();
        }

        return await ActAsync(() => GateRefusals.Plainly(async () =>
        {
            var rotated = await vault.RotateAsync(Caller(), id, string.IsNullOrEmpty(value) ? throw new ArgumentException("Type the new value to rotate to.") : value, cancellationToken);
            return $"Secret '{rotated.Name}' rotated to version {rotated.CurrentVersion}; earlier versions are kept.";
        }), cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!Allowed)
        {
            return Page();
        }

        return await ActAsync(() => GateRefusals.Plainly(async () =>
        {
            var name = Secrets.FirstOrDefault(s => s.Secret.Id == id)?.Secret.Name ?? throw new VaultSecretNotFoundException(id);
            return await vault.DeleteAsync(Caller(), id, cancellationToken)
                ? $"Secret '{name}' deleted, with every version of it."
                : throw new VaultSecretNotFoundException(id);
        }), cancellationToken);
    }

    /// <summary>
    /// Reveals the secret, with the approval the signed-in user holds for it if any; without one, the gate records a
    /// request and the page says who has to approve it. The value is shown in this answer only.
    /// </summary>
    public async Task<IActionResult> OnPostRevealAsync(Guid id, CancellationToken cancellationToken)
    {
        // This answer may carry a value: no cache, and no back button, may keep a copy of it.
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(cancellationToken);
        if (!Allowed)
        {
            return Page();
        }

        var row = Secrets.FirstOrDefault(s => s.Secret.Id == id);
        try
        {
            if (row is null)
            {
                throw new VaultSecretNotFoundException(id);
            }

            var approved = row.Request is { } request && request.IsExecutableAt(Now) ? request : null;
            Revealed = await vault.RevealAsync(approved is null ? Caller() : Caller().WithApproval(approved.Id), id, approved is null ? null : row.RequestVersion, cancellationToken);
        }
        catch (ApprovalRequiredException pending)
        {
            Notice = $"Revealing '{row!.Secret.Name}' needs a second person. Your request is waiting in Approvals until {pending.Request.ExpiresAt:yyyy-MM-dd HH:mm} UTC; "
                + "once someone approves it, come back here and reveal it.";
            return RedirectToPage();
        }
        catch (Exception refused) when (GateRefusals.Explain(refused) is { } sentence)
        {
            RevealError = sentence;
        }

        await LoadAsync(cancellationToken); // the secret's last reveal, and a used approval, as they are now
        return Page();
    }

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Allowed = session.Tenant is not null && await session.CanAsync(VaultPermissions.View, cancellationToken);
        if (!Allowed)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        CanManage = await session.CanAsync(VaultPermissions.Manage, cancellationToken);
        CanReveal = await session.CanAsync(VaultPermissions.Reveal, cancellationToken);
        var me = User.ToGateCaller();
        var mine = (await approvals.ListAsync(session.Tenant!.Id, limit: IOperationApprovals.MaxPageSize, cancellationToken: cancellationToken))
            .Where(r => r.Operation == VaultOperations.Reveal && r.IsRequestedBy(me) && (r.IsOpenAt(Now) || r.IsExecutableAt(Now)))
            .ToList();
        var names = new PersonNames(users);
        List<SecretRow> rows = [];
        foreach (var secret in await vault.ListAsync(Caller(), cancellationToken))
        {
            var request = mine.Select(r => (Request: r, Version: RevealRequests.VersionOf(r, secret))).FirstOrDefault(m => m.Version is not null);
            rows.Add(new SecretRow(
                secret,
                secret.LastRevealedBy is { } by ? await names.OfAsync(by, cancellationToken) : null,
                request.Request,
                request.Version));
        }

        Secrets = rows;
    }

    private VaultCaller Caller()
    {
        var me = User.ToGateCaller(); // pages are for signed-in people only, so this is a person with an id
        return VaultCaller.User(me.Id!.Value, me.AuthenticatedAt);
    }

    /// <summary>One secret as the page lists it, with the signed-in user's open reveal request for it, if any.</summary>
    public sealed record SecretRow(VaultSecretMetadata Secret, string? LastRevealedBy, ApprovalRequest? Request, int? RequestVersion);

    /// <summary>The new secret's fields; the value is bound to post it and never written back into the page.</summary>
    public sealed class SecretForm
    {
        public string? Name { get; set; }

        public string? Kind { get; set; } = "password";

        public string? Value { get; set; }

        public string? Description { get; set; }

        public string? Tags { get; set; }

        public DateOnly? ExpiresOn { get; set; }
    }
}
