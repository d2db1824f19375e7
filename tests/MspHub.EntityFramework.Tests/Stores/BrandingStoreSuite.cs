using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Stores;

/// <summary>The EF Core branding store on a real database, through the branding service.</summary>
public abstract class BrandingStoreSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    private static readonly byte[] Logo = TestImages.Png(3, 3, 7, 7, 7);

    private IBrandingService Branding => Scope.ServiceProvider.GetRequiredService<IBrandingService>();

    [DatabaseFact]
    public async Task Keep_msp_and_tenant_branding_apart_and_resolve_the_tenants_over_the_msps()
    {
        await Branding.SetAsync(null, "#1a73e8", null, "Northwind Hub");
        var logo = await Branding.SetLogoAsync(Hub.A.Id, Logo);
        await Branding.SetAsync(Hub.A.Id, null, "#ffffff", null);

        using var fresh = Hub.Services.CreateScope();
        var service = fresh.ServiceProvider.GetRequiredService<IBrandingService>();
        Assert.Equal(new MspHub.Branding { LogoSha256 = logo.LogoSha256, PrimaryColor = "#1a73e8", SecondaryColor = "#ffffff", Title = "Northwind Hub" }, await service.ResolveAsync(Hub.A));
        Assert.Equal(new MspHub.Branding { PrimaryColor = "#1a73e8", Title = "Northwind Hub" }, await service.ResolveAsync(Hub.B));
    }

    [DatabaseFact]
    public async Task Store_a_logo_once_by_its_hash_and_return_its_bytes()
    {
        var first = await Branding.SetLogoAsync(Hub.A.Id, Logo);
        var second = await Branding.SetLogoAsync(Hub.B.Id, Logo);

        Assert.Equal(first.LogoSha256, second.LogoSha256);
        var stored = await Branding.FindLogoAsync(first.LogoSha256!);
        Assert.Equal("image/png", stored!.ContentType);
        Assert.Equal(Logo, stored.Content);
        Assert.Null(await Branding.FindLogoAsync(new string('0', 64)));
    }

    [DatabaseFact]
    public async Task Forget_a_replaced_logo_once_no_branding_shows_it_so_uploads_never_pile_up()
    {
        var shared = (await Branding.SetLogoAsync(Hub.A.Id, Logo)).LogoSha256!;
        await Branding.SetLogoAsync(Hub.B.Id, Logo);
        var second = (await Branding.SetLogoAsync(Hub.A.Id, TestImages.Png(3, 3, 1, 2, 3))).LogoSha256!;

        Assert.NotNull(await Branding.FindLogoAsync(shared));   // B still shows it

        var third = (await Branding.SetLogoAsync(Hub.B.Id, TestImages.Png(3, 3, 4, 5, 6))).LogoSha256!;
        await Branding.SetLogoAsync(Hub.A.Id, TestImages.Png(3, 3, 9, 9, 9));

        Assert.Null(await Branding.FindLogoAsync(shared));
        Assert.Null(await Branding.FindLogoAsync(second));
        Assert.NotNull(await Branding.FindLogoAsync(third));
        await using var db = Hub.NewDb();
        Assert.Equal(2, await db.Set<BrandingLogo>().CountAsync());
    }

    [DatabaseFact]
    public async Task Succeed_at_every_concurrent_first_save_of_one_logo_and_store_it_once()
    {
        var saves = Enumerable.Range(0, 8).Select(async i =>
        {
            using var scope = Hub.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<IBrandingService>().SetLogoAsync(i % 2 == 0 ? null : Hub.A.Id, Logo);
        });

        var saved = await Task.WhenAll(saves);

        Assert.Single(saved.Select(b => b.LogoSha256).Distinct());
        await using var db = Hub.NewDb();
        Assert.Equal(1, await db.Set<BrandingLogo>().CountAsync());
        Assert.Equal(saved[0].LogoSha256, (await Branding.ResolveAsync(Hub.B)).LogoSha256);
    }

    [DatabaseFact]
    public async Task Keep_a_label_and_a_logo_saved_at_the_same_time()
    {
        for (var round = 0; round < 10; round++)
        {
            var logo = TestImages.Png(2, 2, (byte)round, 1, 1);
            var colour = $"#00aa{round:x2}";
            using var labelScope = Hub.Services.CreateScope();
            using var logoScope = Hub.Services.CreateScope();

            await Task.WhenAll(
                labelScope.ServiceProvider.GetRequiredService<IBrandingService>().SetAsync(Hub.A.Id, colour, null, "Acme IT"),
                logoScope.ServiceProvider.GetRequiredService<IBrandingService>().SetLogoAsync(Hub.A.Id, logo));

            var inForce = await Branding.ResolveAsync(Hub.A);
            Assert.Equal(colour, inForce.PrimaryColor);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(logo)), inForce.LogoSha256);
        }
    }
}

public sealed class SqliteBrandingStoreShould() : BrandingStoreSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresBrandingStoreShould() : BrandingStoreSuite(DatabaseProvider.Postgres)
{
    // Deciding that no branding shows a logo and deleting it is one step against every other logo change: a save takes
    // the logos lock (as a tenant deletion's logo clean-up does), so it waits while another transaction holds it.
    [PostgresFact]
    public async Task Wait_for_the_logos_lock_before_changing_which_logo_a_branding_shows()
    {
        await using var other = (Npgsql.NpgsqlConnection)await Hub.OpenOwnerConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var take = new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock(5580927819751509095)", other, transaction))
        {
            await take.ExecuteNonQueryAsync();
        }

        var save = Task.Run(async () =>
        {
            using var scope = Hub.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<IBrandingService>().SetLogoAsync(Hub.A.Id, TestImages.Png(3, 3, 2, 4, 6));
        });
        Assert.True(await PostgresLockWait.IsBlockedAsync(Hub, save, "advisory"), "the logo was saved without the logos lock");

        await transaction.CommitAsync();
        Assert.NotNull((await save).LogoSha256);
    }
}
