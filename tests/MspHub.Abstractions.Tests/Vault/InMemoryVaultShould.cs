using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Vault;

/// <summary>
/// The vault without a database: the in-memory store is used when no other is added, keeps versions, stays within the
/// tenant, and shreds; a data key the cache lets go of (evicted for room, not only shredded) is zeroed once no
/// operation holds it; and the data-key cache obeys the cache control a cross-node transport drives (a key another
/// node shredded is dropped, and none is cached while the transport cannot hear).
/// </summary>
public sealed class InMemoryVaultShould : IAsyncLifetime
{
    private const string Value = "hunter2-correct-horse-battery-staple";
    private static readonly string Kek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly Tenant _a = Tenant.Create("tenant-a", "Tenant A");
    private readonly Tenant _b = Tenant.Create("tenant-b", "Tenant B");
    private readonly HubUser _owner = HubUser.Create("vault-owner");
    private ServiceProvider _services = null!;

    private VaultCaller Owner => VaultCaller.User(_owner.Id);

    public async Task InitializeAsync()
    {
        _services = Hub.Build(hub => hub.AddInMemoryTenantStore(_a, _b).AddInMemoryAccessStore().AddTenantVault(o =>
        {
            o.KeyEncryptionKeys["kek-1"] = Kek;
            o.CurrentKeyId = "kek-1";
            o.DataKeyCacheSize = 1;
        }));
        var access = _services.GetRequiredService<IAccessStore>();
        await access.AddUserAsync(_owner);
        foreach (var tenant in new[] { _a, _b })
        {
            await access.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Vault keeper", Permissions = [VaultPermissions.View, VaultPermissions.Reveal, VaultPermissions.Manage] });
            await access.SaveMembershipAsync(new Membership { UserId = _owner.Id, TenantId = tenant.Id, Roles = ["Vault keeper"], IsPrimary = tenant == _a });
        }
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Keep_versions_within_the_tenant_and_shred_them_in_memory()
    {
        Assert.IsType<InMemoryVaultStore>(_services.GetRequiredService<IVaultStore>());
        var secret = await InAsync(_a, v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "backup-admin", Kind = "password", Value = Value }));
        await InAsync(_a, v => v.RotateAsync(Owner, secret.Id, "rotated"));

        var first = await InAsync(_a, v => v.RevealAsync(Owner, secret.Id, version: 1));
        var current = await InAsync(_a, v => v.RevealAsync(Owner, secret.Id));
        var listed = Assert.Single(await InAsync(_a, v => v.ListAsync(Owner)));

        Assert.Equal((Value, "rotated", 2), (first.Value, current.Value, listed.CurrentVersion));
        Assert.Equal(AuditActor.User(_owner.Id), listed.LastRevealedBy);
        await Assert.ThrowsAsync<VaultSecretNotFoundException>(() => InAsync(_b, v => v.RevealAsync(Owner, secret.Id)));
        Assert.Empty(await InAsync(_b, v => v.ListAsync(Owner)));
        await Assert.ThrowsAsync<ConflictException>(() => InAsync(_a, v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "backup-admin", Kind = "password", Value = Value })));

        await using (var scope = _services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IVaultKeyShredder>().ShredAsync(_a.Id));
        }

        await Assert.ThrowsAsync<VaultIntegrityException>(() => InAsync(_a, v => v.RevealAsync(Owner, secret.Id)));
        Assert.True(await InAsync(_a, v => v.DeleteAsync(Owner, secret.Id)));
        Assert.Empty(await InAsync(_a, v => v.ListAsync(Owner)));
    }

    [Fact]
    public async Task Zero_a_data_key_evicted_from_the_cache_once_no_operation_holds_it()
    {
        var secretA = await InAsync(_a, v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "a", Kind = "password", Value = Value }));
        await InAsync(_b, v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "b", Kind = "password", Value = Value }));
        var keys = _services.GetRequiredService<VaultDataKeys>();
        var store = _services.GetRequiredService<IVaultStore>();

        var held = (await keys.FindAsync(store, _a.Id, default))!;             // cached: the cache holds only one key
        var bytes = held.Bytes;
        using (var b = (await keys.FindAsync(store, _b.Id, default))!)         // evicts tenant A's key for room
        {
            Assert.Contains(bytes, x => x != 0);                                 // still held: not zeroed under its user
        }

        held.Dispose();

        Assert.All(bytes, x => Assert.Equal(0, x));
        Assert.Equal(Value, (await InAsync(_a, v => v.RevealAsync(Owner, secretA.Id))).Value);   // unwrapped again
    }

    [Fact]
    public async Task Drop_a_data_key_shredded_on_another_node_when_told()
    {
        var secret = await InAsync(_a, v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "a", Kind = "password", Value = Value }));
        Assert.Equal(Value, (await InAsync(_a, v => v.RevealAsync(Owner, secret.Id))).Value);

        // Destroyed in the store as another node's shred would, behind this node's cache...
        Assert.True(await _services.GetRequiredService<IVaultStore>().DestroyDataKeyAsync(_a.Id));
        Assert.Equal(Value, (await InAsync(_a, v => v.RevealAsync(Owner, secret.Id))).Value);

        // ...until the transport hands over the announcement.
        _services.GetRequiredService<ICacheControl>().Apply(CacheChange.OfVaultDataKey(_a.Id));
        await Assert.ThrowsAsync<VaultIntegrityException>(() => InAsync(_a, v => v.RevealAsync(Owner, secret.Id)));
    }

    [Fact]
    public async Task Cache_no_data_key_while_caching_is_paused_and_cache_again_once_it_resumes()
    {
        var control = _services.GetRequiredService<ICacheControl>();
        var store = _services.GetRequiredService<IVaultStore>();
        var secretA = await InAsync(_a, v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "a", Kind = "password", Value = Value }));
        Assert.Equal(Value, (await InAsync(_a, v => v.RevealAsync(Owner, secretA.Id))).Value);

        // Paused: the cached key is forgotten and the next one read is not kept, so a shred nobody heard of takes effect.
        control.PauseCaching();
        Assert.Equal(Value, (await InAsync(_a, v => v.RevealAsync(Owner, secretA.Id))).Value);
        Assert.True(await store.DestroyDataKeyAsync(_a.Id));
        await Assert.ThrowsAsync<VaultIntegrityException>(() => InAsync(_a, v => v.RevealAsync(Owner, secretA.Id)));

        // Resumed: keys are cached again.
        control.ResumeCaching();
        var secretB = await InAsync(_b, v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "b", Kind = "password", Value = Value }));
        Assert.Equal(Value, (await InAsync(_b, v => v.RevealAsync(Owner, secretB.Id))).Value);
        Assert.True(await store.DestroyDataKeyAsync(_b.Id));
        Assert.Equal(Value, (await InAsync(_b, v => v.RevealAsync(Owner, secretB.Id))).Value);
    }

    private async Task<T> InAsync<T>(Tenant tenant, Func<ITenantVault, Task<T>> act)
    {
        using (_services.GetRequiredService<ITenancy>().BeginScope(tenant))
        {
            await using var scope = _services.CreateAsyncScope();
            return await act(scope.ServiceProvider.GetRequiredService<ITenantVault>());
        }
    }
}
