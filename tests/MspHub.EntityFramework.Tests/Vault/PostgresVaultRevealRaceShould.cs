using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Vault;

/// <summary>
/// On PostgreSQL, a reveal against a deletion of the same secret: the reveal read the secret and its version, then the
/// deletion committed before the reveal noted itself. The note changed no row unnoticed, so the value went out and the
/// tenant's audit trail showed the secret revealed after it was deleted.
/// </summary>
public sealed class PostgresVaultRevealRaceShould : IAsyncLifetime
{
    private const string Value = "hunter2-correct-horse-battery-staple";
    private readonly HubUser _owner = HubUser.Create("vault-owner");
    private TestHub _hub = null!;

    private VaultCaller Owner => VaultCaller.User(_owner.Id);

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _hub = await TestHub.CreateAsync(
            DatabaseProvider.Postgres,
            configure: hub => hub.AddTenantVault(o =>
            {
                o.KeyEncryptionKeys["kek-1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                o.CurrentKeyId = "kek-1";
            }),
            database: o => o.AddInterceptors(CommandPause.Interceptor));
        await using var scope = _hub.Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await access.AddUserAsync(_owner);
        await access.SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Vault keeper", Permissions = [VaultPermissions.View, VaultPermissions.Reveal, VaultPermissions.Manage] });
        await access.SaveMembershipAsync(new Membership { UserId = _owner.Id, TenantId = _hub.A.Id, Roles = ["Vault keeper"], IsPrimary = true });
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    // The reveal is held just before it notes itself on the secret's row, with the value decrypted; the deletion runs
    // and commits meanwhile.
    [PostgresFact]
    public async Task Refuse_a_reveal_whose_secret_was_deleted_after_it_was_read()
    {
        var secret = await InAsync(v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "backup-admin", Kind = "password", Value = Value }));
        var held = new CommandPause(sql => sql.Contains("UPDATE msphub.vault_items", StringComparison.Ordinal));
        var reveal = Task.Run(async () =>
        {
            held.Arm();
            return await InAsync(v => v.RevealAsync(Owner, secret.Id));
        });
        await held.WaitUntilReachedAsync();

        Assert.True(await InAsync(v => v.DeleteAsync(Owner, secret.Id)).WaitAsync(TimeSpan.FromSeconds(30)));
        held.Release.SetResult();

        var refused = await Assert.ThrowsAsync<VaultSecretNotFoundException>(() => reveal.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.DoesNotContain(Value, refused.ToString(), StringComparison.Ordinal);

        // The trail ends with the deletion and the refused reveal after it, never a reveal that succeeded after the deletion.
        var trail = (await _hub.AuditRecordsAsync(_hub.A.Id)).Where(r => r.TargetId == secret.Id.ToString()).ToList();
        Assert.Equal(
            [(AuditActions.VaultSecretCreated, AuditOutcome.Succeeded), (AuditActions.VaultSecretDeleted, AuditOutcome.Succeeded), (AuditActions.VaultSecretRevealed, AuditOutcome.Refused)],
            trail.Select(r => (r.Action, r.Outcome)));
    }

    private async Task<T> InAsync<T>(Func<ITenantVault, Task<T>> act)
    {
        using (_hub.In(_hub.A))
        {
            await using var scope = _hub.Services.CreateAsyncScope();
            return await act(scope.ServiceProvider.GetRequiredService<ITenantVault>());
        }
    }
}
