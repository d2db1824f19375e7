using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MspHub.EntityFramework;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Placements;

public sealed class PlacementOptionsShould
{
    [Fact]
    public void Refuse_no_servers_duplicate_names_bad_names_and_connection_strings_without_a_database()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(o =>
        {
            o.Servers.Add(new PlacementServer { Name = "eu-1", ConnectionString = "Host=db1;Database=tenants" });
            o.Servers.Add(new PlacementServer { Name = "eu-1", ConnectionString = "Host=db2;Database=tenants" });
            o.Servers.Add(new PlacementServer { Name = "EU 2", ConnectionString = "Host=db3" });
        }));

        Assert.Contains(error.Failures, f => f.Contains("'eu-1' is used 2 times", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("'EU 2' is not valid", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("'EU 2': ConnectionString names no Database", StringComparison.Ordinal));
        Assert.Contains(Assert.Throws<OptionsValidationException>(() => Options(_ => { })).Failures, f => f.Contains("Servers is empty", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> BadSettings => new()
    {
        { "no servers", "Servers is empty" },
        { "a name used twice", "'eu-1' is used 2 times" },
        { "a name with capitals", "'PG_5' is not valid" },
        { "no database", "'eu-1': ConnectionString names no Database" },
        { "not a connection string", "'eu-1': ConnectionString is not an Npgsql connection string" },
        { "a negative cache time", "CacheFor must not be negative" },
        { "two names for one database", "Placement servers 'eu-1', 'eu-1b' all connect to db1:5432/tenants" },
    };

    // What the host runs when it starts (ValidateOnStart): bad settings stop it, not the first request to route a tenant.
    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Stop_the_start_with_bad_settings(string setting, string failure)
    {
        var services = new ServiceCollection();
        services.AddMspHub(hub => hub.AddInMemoryTenantStore().AddTenantPlacements<HubTestDb, Placements.PlacedTestDb>(o =>
        {
            var name = setting == "a name with capitals" ? "PG_5" : "eu-1";
            var connection = setting switch
            {
                "no database" => "Host=db1",
                "not a connection string" => "x=y",
                _ => "Host=db1;Database=tenants",
            };
            if (setting != "no servers")
            {
                o.Servers.Add(new PlacementServer { Name = name, ConnectionString = connection });
            }

            if (setting == "a name used twice")
            {
                o.Servers.Add(new PlacementServer { Name = "eu-1", ConnectionString = "Host=db2;Database=tenants" });
            }

            if (setting == "two names for one database")
            {
                o.Servers.Add(new PlacementServer { Name = "eu-1b", ConnectionString = "Host=DB1;Database=tenants;Application Name=alias" });
            }

            if (setting == "a negative cache time")
            {
                o.CacheFor = TimeSpan.FromSeconds(-1);
            }
        }));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains(failure, StringComparison.Ordinal));
    }

    [Fact]
    public void Refuse_a_fan_out_concurrency_below_one()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(o =>
        {
            o.Servers.Add(new PlacementServer { Name = "eu-1", ConnectionString = "Host=db1;Database=tenants" });
            o.FanOutConcurrency = 0;
        }));

        Assert.Contains(error.Failures, f => f.Contains("FanOutConcurrency is 0", StringComparison.Ordinal));
        Assert.Equal(4, Options(o => o.Servers.Add(new PlacementServer { Name = "eu-1", ConnectionString = "Host=db1;Database=tenants" })).FanOutConcurrency);
    }

    [Fact]
    public void Accept_distinct_named_servers()
    {
        var options = Options(o => o.Servers.Add(new PlacementServer { Name = "eu-1", ConnectionString = "Host=db1;Database=tenants" }));

        Assert.Equal("eu-1", Assert.Single(options.Servers).Name);
    }

    [Fact]
    public void Refuse_one_context_type_for_the_control_plane_and_the_tenant_data() =>
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddMspHub(hub => hub.AddTenantPlacements<HubTestDb, HubTestDb>(_ => { })));

    [Fact]
    public async Task Choose_the_server_with_the_fewest_tenants_and_the_first_on_a_tie()
    {
        var policy = new LeastTenantsPlacementPolicy();

        Assert.Equal("b", await policy.ChooseServerAsync(Guid.NewGuid(), PlacementKind.Shared, [new("a", 3, 0), new("b", 1, 1), new("c", 1, 0)], default));
        Assert.Equal("a", await policy.ChooseServerAsync(Guid.NewGuid(), PlacementKind.Dedicated, [new("a", 0, 0), new("b", 0, 0)], default));
    }

    private static MspHubPlacementOptions Options(Action<MspHubPlacementOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddMspHub(hub => hub.AddTenantPlacements<HubTestDb, Placements.PlacedTestDb>(configure));
        return services.BuildServiceProvider().GetRequiredService<IOptions<MspHubPlacementOptions>>().Value;
    }
}
