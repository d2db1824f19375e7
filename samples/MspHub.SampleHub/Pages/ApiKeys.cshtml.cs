using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages;

/// <summary>
/// The active tenant's API keys: the list (never a secret), creation, whose secret is shown on the next page only,
/// and revocation. Everything here needs <see cref="Perm.ApiKeysGenerate"/>, which technicians are never granted:
/// they get a page saying so rather than a bare 403, as they can reach it by its address.
/// </summary>
public sealed class ApiKeysModel(
    IApiKeyManager apiKeys, IApiKeyStore store, CurrentSession session, PermissionCatalog catalog, IOptions<MspHubOptions> options, TimeProvider time) : HubPage
{
    private static readonly int[] ExpiryDays = [7, 30, 90, 365];

    /// <summary>The key just created, carried over the redirect in TempData, which forgets it once read: a reload shows nothing.</summary>
    [TempData]
    public string? NewSecret { get; set; }

    [BindProperty]
    public ApiKeyForm Form { get; set; } = new();

    public bool Allowed { get; private set; }

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    /// <summary>What a key may be given: the tenant permissions the user holds here, never sensitive or MSP-level ones.</summary>
    public IReadOnlyList<string> Grantable { get; private set; } = [];

    public IReadOnlyList<(int Days, string Label)> ExpiryChoices { get; private set; } = [];

    public string? NameError { get; private set; }

    public string? ExpiryError { get; private set; }

    public string? PermissionsError { get; private set; }

    public DateTimeOffset Now { get; } = time.GetUtcNow();

    /// <summary>A new key starts read-only: every view permission the user may give, none that changes anything.</summary>
    public override async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await base.OnGetAsync(cancellationToken);
        Form.Permissions = [.. Grantable.Where(p => p.EndsWith($".{PermissionActions.View}", StringComparison.Ordinal))];
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!Allowed)
        {
            return Page();
        }

        var name = Validate();
        if (name is null)
        {
            return Page();
        }

        return await ActAsync(async () =>
        {
            var created = await apiKeys.CreateAsync(
                session.UserId!.Value, session.Tenant!.Id, name, Form.Permissions, Now.AddDays(Form.ExpiresInDays), cancellationToken);
            NewSecret = created.Secret;
            return $"API key '{created.Key.Name}' created; it expires on {created.Key.ExpiresAt:yyyy-MM-dd}.";
        }, cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!Allowed)
        {
            return Page();
        }

        return await ActAsync(async () =>
        {
            var key = Keys.FirstOrDefault(k => k.Id == id && k.RevokedAt is null)
                ?? throw new ArgumentException("That key is not a live key of this tenant; it may have been revoked meanwhile.");
            return await apiKeys.RevokeAsync(key.TenantId, key.Id, cancellationToken)
                ? $"API key '{key.Name}' revoked: requests presenting it are refused from now on."
                : throw new ArgumentException($"API key '{key.Name}' was revoked meanwhile.");
        }, cancellationToken);
    }

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        // The page may carry a secret, so no cache (nor the back button) keeps a copy of it.
        Response.Headers.CacheControl = "no-store";
        Allowed = session.Tenant is not null && await session.CanAsync(Perm.ApiKeysGenerate, cancellationToken);
        if (!Allowed)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        Keys = await store.ListAsync(session.Tenant!.Id, cancellationToken);
        List<string> grantable = [];
        foreach (var permission in catalog.All)
        {
            var id = catalog.Id(permission);
            if (!catalog.IsSensitive(id) && !catalog.IsMspLevel(id) && await session.CanAsync(permission.ToString(), cancellationToken))
            {
                grantable.Add(permission.ToString());
            }
        }

        Grantable = grantable;
        var longest = options.Value.ApiKeyMaxLifetime;
        ExpiryChoices = [.. ExpiryDays.Where(d => TimeSpan.FromDays(d) <= longest).Select(d => (d, d == 365 ? "1 year" : $"{d} days"))];
    }

    /// <summary>Checks the form field by field, so each message sits by its field and what was typed stays; the trimmed name, or null.</summary>
    private string? Validate()
    {
        string? name = null;
        try
        {
            name = Input.Name(Form.Name, "A key's name");
        }
        catch (ArgumentException invalid)
        {
            NameError = invalid.Message;
        }

        if (!ExpiryChoices.Any(c => c.Days == Form.ExpiresInDays))
        {
            ExpiryError = "Choose one of the expiries offered.";
        }

        if (Form.Permissions.Count == 0)
        {
            PermissionsError = "Choose at least one permission: a key without any can do nothing.";
        }
        else if (Form.Permissions.Except(Grantable).FirstOrDefault() is { } other)
        {
            PermissionsError = $"A key cannot hold '{other}': only permissions you hold here, never sensitive or MSP-level ones.";
        }

        return NameError is null && ExpiryError is null && PermissionsError is null ? name : null;
    }

    public sealed class ApiKeyForm
    {
        public string? Name { get; set; }

        public int ExpiresInDays { get; set; } = 90;

        public List<string> Permissions { get; set; } = [];
    }
}
