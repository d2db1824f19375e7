using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>The invitation lifetime of docs/access-control.md#inviting-users-of-other-tenants, set in code and from configuration.</summary>
public sealed class InvitationLifetimeShould
{
    [Fact]
    public void Be_set_in_code()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMspHub(hub =>
        {
            hub.AddInMemoryTenantStore();
            // docs: access-control.md#inviting-users-of-other-tenants lifetime
            hub.Configure(o => o.InvitationLifetime = TimeSpan.FromDays(3));
            // or from configuration bound to MspHubOptions: "MspHub": { "InvitationLifetime": "3.00:00:00" }
            // end docs
        });

        using var host = builder.Build();

        Assert.Equal(TimeSpan.FromDays(3), host.Services.GetRequiredService<IOptions<MspHubOptions>>().Value.InvitationLifetime);
    }

    [Fact]
    public void Be_read_from_configuration()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["MspHub:InvitationLifetime"] = "3.00:00:00" });
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore());
        builder.Services.Configure<MspHubOptions>(builder.Configuration.GetSection(MspHubOptions.SectionName));   // as in getting-started.md#options

        using var host = builder.Build();

        Assert.Equal(TimeSpan.FromDays(3), host.Services.GetRequiredService<IOptions<MspHubOptions>>().Value.InvitationLifetime);
    }
}
