using System.Net;
using System.Net.Http.Json;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Hosting;

/// <summary>The demo and its public passwords exist only where <c>SampleHub:SeedDemo</c> turns them on.</summary>
public sealed class DemoSeedShould
{
    [Fact]
    public async Task Leave_the_database_empty_and_say_so_when_the_demo_is_off()
    {
        await using var hub = await SampleHubProcess.StartAsync(seedDemo: false);

        Assert.Contains("The database is empty and the demo is off", hub.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoUsers.Admin.Password, hub.Output, StringComparison.Ordinal);
        var signIn = await hub.Client.GetStringAsync("/signin");
        Assert.DoesNotContain("demo-accounts", signIn, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoUsers.Admin.Password, signIn, StringComparison.Ordinal);
        var admin = await hub.Client.PostAsJsonAsync("/api/session", new { userName = DemoUsers.Admin.Name, password = DemoUsers.Admin.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
    }

    [Fact]
    public async Task Seed_a_database_left_empty_once_the_demo_is_turned_on()
    {
        await using var off = await SampleHubProcess.StartAsync(seedDemo: false);
        await using var hub = await off.RestartAsync(seedDemo: true);

        Assert.Matches($@"{DemoUsers.Admin.Name}\s+/ {DemoUsers.Admin.Password}", hub.Output);
        var admin = await hub.Client.PostAsJsonAsync("/api/session", new { userName = DemoUsers.Admin.Name, password = DemoUsers.Admin.Password });
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task List_the_demo_accounts_on_the_sign_in_page_when_the_demo_is_on()
    {
        await using var hub = await SampleHubProcess.StartAsync();

        var signIn = await hub.Client.GetStringAsync("/signin");
        Assert.Contains("demo-accounts", signIn, StringComparison.Ordinal);
        Assert.Contains(DemoUsers.Admin.Password, signIn, StringComparison.Ordinal);
    }
}
