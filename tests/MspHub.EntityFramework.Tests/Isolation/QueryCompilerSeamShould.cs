using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query.Internal;

namespace MspHub.EntityFramework.Tests.Isolation;

/// <summary>
/// The one internal EF Core service MspHub replaces: the query compiler, the only place that sees a query before EF
/// Core's query cache (docs/data-isolation.md says why). If a new EF Core drops or moves the seam, this fails by name,
/// before the isolation tests that depend on it can pass for another reason.
/// </summary>
public sealed class QueryCompilerSeamShould : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.CreateAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public void Run_every_query_through_the_tenant_query_compiler_on_ef_core_10()
    {
        using var db = _hub.NewDb();

#pragma warning disable EF1001 // The internal service is what this test pins.
        Assert.IsType<TenantQueryCompiler>(db.GetService<IQueryCompiler>());
#pragma warning restore EF1001
        Assert.Equal(10, typeof(DbContext).Assembly.GetName().Version!.Major);
    }
}
