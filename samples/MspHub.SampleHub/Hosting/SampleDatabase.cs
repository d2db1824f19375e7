using MspHub.EntityFramework;
using MspHub.SampleHub.Data;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Registers the hub's database as the context type of the configured provider, so the migrations that run are
/// that provider's; the rest of the sample asks for <see cref="SampleDb"/> and gets the same instance.
/// </summary>
public static class SampleDatabase
{
    public static MspHubBuilder AddSampleDb(this MspHubBuilder hub, SampleHubSettings settings)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Postgres is null ? Add<SqliteSampleDb>(hub, settings) : Add<PostgresSampleDb>(hub, settings);
    }

    private static MspHubBuilder Add<TContext>(MspHubBuilder hub, SampleHubSettings settings)
        where TContext : SampleDb
    {
        hub.Services.AddDbContext<TContext>(settings.UseDatabase);
        hub.Services.AddScoped<SampleDb>(services => services.GetRequiredService<TContext>());
        // The Postgres migrations force row-level security on the tenant tables, so every command must carry the tenant.
        return hub.AddEntityFrameworkStores<TContext>(o => o.PostgresRowLevelSecurity = settings.Postgres is not null);
    }
}
