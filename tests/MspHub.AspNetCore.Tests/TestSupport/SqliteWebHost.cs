using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore.Tests.Owasp;

namespace MspHub.AspNetCore.Tests.TestSupport;

/// <summary>A test web host over a SQLite file of its own (<see cref="MatrixDb"/>), deleted when the host is disposed.</summary>
public abstract class SqliteWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _file;

    protected SqliteWebHost(WebApplication app, string file)
    {
        _app = app;
        _file = file;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A builder with the test server, header sign-in, the audit hook and <see cref="MatrixDb"/> on a new SQLite file.</summary>
    protected static (WebApplicationBuilder Builder, string File) CreateBuilder(string name)
    {
        var file = Path.Combine(Path.GetTempPath(), $"msphub-{name}-{Guid.NewGuid():N}.db");
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddDbContext<MatrixDb>(o => o.UseSqlite($"Data Source={file};Pooling=false"));
        return (builder, file);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
        GC.SuppressFinalize(this);
    }
}
