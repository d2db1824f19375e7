using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Vault;

/// <summary>The snippets of docs/vault.md, run as the page shows them, on SQLite and PostgreSQL.</summary>
public abstract class VaultPageSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly HubUser _user = HubUser.Create("vault-keeper");
    private readonly HubUser _mspAdmin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        var keyFromYourSecretStore = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _hub = await TestHub.CreateAsync(provider, configure: hub =>
        {
            // docs: vault.md#setting-up
            hub.AddTenantVault(o =>
            {
                o.KeyEncryptionKeys["kek-2026-11"] = keyFromYourSecretStore; // 32 random bytes, base64
                o.CurrentKeyId = "kek-2026-11";
            });
            // end docs
        });
        await using var scope = _hub.Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await access.AddUserAsync(_user);
        await access.AddUserAsync(_mspAdmin);
        await access.SaveRoleAsync(new TenantRole
        {
            TenantId = _hub.A.Id,
            Name = "Admin",
            Permissions = [VaultPermissions.View, VaultPermissions.Reveal, VaultPermissions.Manage, "api-keys.generate"],
        });
        await access.SaveMembershipAsync(new Membership { UserId = _user.Id, TenantId = _hub.A.Id, Roles = ["Admin"], IsPrimary = true });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task Store_rotate_reveal_review_rewrap_and_shred_as_the_page_shows()
    {
        var ct = CancellationToken.None;
        var userId = _user.Id;
        var mspAdminId = _mspAdmin.Id;
        var tenant = _hub.A;
        const string password = "first-password", newPassword = "second-password";
        await using var scope = _hub.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        using (_hub.In(tenant))
        {
            // docs: vault.md#storing-and-revealing
            var vault = services.GetRequiredService<ITenantVault>();
            var caller = VaultCaller.User(userId);
            var secret = await vault.CreateAsync(caller, new VaultSecretDraft
            {
                Name = "backup-admin",
                Kind = "password",
                Value = password,
                Tags = ["backup"],
                ExpiresAt = DateTimeOffset.UtcNow.AddDays(90),
            }, ct);
            await vault.RotateAsync(caller, secret.Id, newPassword, ct);
            var current = await vault.RevealAsync(caller, secret.Id, cancellationToken: ct);
            var first = await vault.RevealAsync(caller, secret.Id, version: 1, ct);
            // end docs

            var created = await services.GetRequiredService<IApiKeyManager>()
                .CreateAsync(userId, tenant.Id, "backup job", [VaultPermissions.Reveal], DateTimeOffset.UtcNow.AddDays(30), ct);
            var presentedKey = created.Secret;

            // docs: vault.md#api-keys
            var authentication = await services.GetRequiredService<IApiKeyManager>().AuthenticateAsync(presentedKey, ct);
            var keyCaller = VaultCaller.ApiKey(authentication.Key!.Id, authentication.Key.TenantId, authentication.Permissions);
            var byKey = await vault.RevealAsync(keyCaller, secret.Id, cancellationToken: ct);
            // end docs

            Assert.Equal((2, newPassword, 1, password, newPassword), (current.Version, current.Value, first.Version, first.Value, byKey.Value));
        }

        // docs: vault.md#governance
        var governance = services.GetRequiredService<IVaultGovernance>();
        var review = await governance.ReviewAsync(mspAdminId, ct);
        foreach (var item in review.Secrets.Where(s => s.ExpiringSoon || s.SinceRotation > TimeSpan.FromDays(365)))
        {
            Console.WriteLine($"{item.TenantSlug}/{item.Secret.Name}: rotated {item.SinceRotation.Days} days ago, last revealed by {item.Secret.LastRevealedBy}");
        }
        // end docs

        Assert.Equal(new Dictionary<string, int> { [tenant.Slug] = 1 }, review.CountsByTenant);

        // docs: vault.md#rotating-the-key-encryption-key
        var progress = new Progress<VaultRewrapProgress>(p => Console.WriteLine($"{p.Rewrapped} re-wrapped, {p.Remaining} to go, last tenant {p.Cursor}"));
        var done = await governance.RewrapDataKeysAsync(progress, ct);
        // end docs

        Assert.Equal((0, 0), (done.Rewrapped, done.Remaining)); // every key is already under the current key
        var lifecycle = services.GetRequiredService<ITenantLifecycle>();
        tenant = _hub.B;
        using (_hub.In(tenant))
        {
            await services.GetRequiredService<IAccessStore>().SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Admin", Permissions = [VaultPermissions.Manage] });
            await services.GetRequiredService<IAccessStore>().SaveMembershipAsync(new Membership { UserId = _user.Id, TenantId = tenant.Id, Roles = ["Admin"] });
            await services.GetRequiredService<ITenantVault>().CreateAsync(VaultCaller.User(userId), new VaultSecretDraft { Name = "wifi", Kind = "password", Value = password }, ct);
        }

        // docs: vault.md#crypto-shredding
        var report = await lifecycle.DeleteAsync(tenant.Id, confirmSlug: tenant.Slug, ct);
        var shredded = report.Certificate!.Detail["vault-data-key"] == "destroyed";
        // end docs

        Assert.True(shredded);
    }
}

public sealed class SqliteVaultPageShould() : VaultPageSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresVaultPageShould() : VaultPageSuite(DatabaseProvider.Postgres);
