using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework;

/// <summary>
/// Carries the host's <see cref="ITenancy"/> into EF Core's internal services, and the application services
/// <see cref="OwnContext"/> creates MspHub's own instances of the context from.
/// </summary>
internal sealed class MspHubDbContextOptionsExtension(ITenancy tenancy, IServiceProvider services, bool postgresRowLevelSecurity) : IDbContextOptionsExtension
{
    private ExtensionInfo? _info;

    public ITenancy Tenancy { get; } = tenancy;

    public IServiceProvider Services { get; } = services;

    public bool PostgresRowLevelSecurity { get; } = postgresRowLevelSecurity;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services) => services.AddScoped<DbContextTenancy>();

    public void Validate(IDbContextOptions options)
    {
    }

    // The internal service provider can be shared by every context with MspHub: each context reads its
    // tenancy from its own options, so nothing host-specific lives in shared services.
    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "using MspHub ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["MspHub:PostgresRowLevelSecurity"] = ((MspHubDbContextOptionsExtension)Extension).PostgresRowLevelSecurity.ToString();
    }
}
