using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Stores;

/// <summary>The EF Core API key store on a real database.</summary>
public abstract class ApiKeyStoreSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    private IApiKeyStore Store => Scope.ServiceProvider.GetRequiredService<IApiKeyStore>();

    private static ApiKey Key(Tenant tenant, string prefix) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenant.Id,
        Name = "backup job",
        Prefix = prefix,
        SecretHash = [1, 2, 3, 4],
        Permissions = ["automs.view"],
        CreatedBy = Guid.CreateVersion7(),
        CreatedAt = DateTimeOffset.UtcNow,
        ExpiresAt = DateTimeOffset.UtcNow.AddDays(90).AddMilliseconds(123),
    };

    [DatabaseFact]
    public async Task Round_trip_keys_with_their_expiry_and_list_them_per_tenant()
    {
        var first = Key(Hub.A, "aaaaaaaaaaaa");
        var second = Key(Hub.A, "bbbbbbbbbbbb") with { CreatedAt = first.CreatedAt.AddSeconds(1) };
        await Store.AddAsync(first);
        await Store.AddAsync(second);
        await Store.AddAsync(Key(Hub.B, "cccccccccccc"));

        var found = await Store.FindByPrefixAsync("aaaaaaaaaaaa");

        Assert.Equal(first with { SecretHash = found!.SecretHash, Permissions = found.Permissions }, found);
        Assert.Equal(first.SecretHash, found.SecretHash);
        Assert.Equal(first.Permissions, found.Permissions);
        var listed = await Store.ListAsync(Hub.A.Id);
        Assert.Equal([second.Id, first.Id], listed.Select(k => k.Id));
        Assert.Equal([second.ExpiresAt, first.ExpiresAt], listed.Select(k => k.ExpiresAt));
    }

    [DatabaseFact]
    public async Task Refuse_a_taken_prefix_and_revoke_only_within_the_tenant()
    {
        var key = Key(Hub.A, "aaaaaaaaaaaa");
        await Store.AddAsync(key);

        var clash = await Assert.ThrowsAsync<ConflictException>(() => Store.AddAsync(Key(Hub.B, "aaaaaaaaaaaa")));
        Assert.Equal("prefix", clash.Field);
        Assert.False(await Store.RevokeAsync(Hub.B.Id, key.Id, DateTimeOffset.UtcNow));
        Assert.True(await Store.RevokeAsync(Hub.A.Id, key.Id, DateTimeOffset.UtcNow));
        Assert.False(await Store.RevokeAsync(Hub.A.Id, key.Id, DateTimeOffset.UtcNow));
        Assert.NotNull((await Store.FindByPrefixAsync("aaaaaaaaaaaa"))!.RevokedAt);
    }
}

public sealed class SqliteApiKeyStoreShould() : ApiKeyStoreSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresApiKeyStoreShould() : ApiKeyStoreSuite(DatabaseProvider.Postgres);
