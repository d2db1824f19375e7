using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Tests.Stores;

/// <summary>The EF Core branding store on a real database, through the branding service.</summary>
public abstract class BrandingStoreSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    private static readonly byte[] Logo = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 7, 7];

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
}

public sealed class SqliteBrandingStoreShould() : BrandingStoreSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresBrandingStoreShould() : BrandingStoreSuite(DatabaseProvider.Postgres);
