using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework.Tests.Pooling;

/// <summary>A pooled DbContext instance serves many tenants in turn; nothing of one lease reaches the next.</summary>
public abstract class PooledContextSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.CreateAsync(provider, pooled: true);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task Read_the_tenant_afresh_on_every_lease_of_the_same_instance()
    {
        await _hub.AddAutomAsync(_hub.A, "a-1");
        await _hub.AddAutomAsync(_hub.B, "b-1");
        await _hub.AddAutomAsync(_hub.B, "b-2");

        object firstLease;
        using (_hub.In(_hub.A))
        {
            await using var db = _hub.NewDb();
            firstLease = db;
            Assert.Equal(["a-1"], await db.Automs.Select(a => a.Name).ToListAsync());
        }

        using (_hub.In(_hub.B))
        {
            await using var db = _hub.NewDb();
            Assert.Same(firstLease, db);
            Assert.Equal(["b-1", "b-2"], await db.Automs.OrderBy(a => a.Name).Select(a => a.Name).ToListAsync());
        }

        await using (var db = _hub.NewDb())
        {
            Assert.Same(firstLease, db);
            await Assert.ThrowsAsync<TenantRequiredException>(() => db.Automs.ToListAsync());
        }
    }

    [DatabaseFact]
    public async Task Stamp_the_tenant_of_the_current_lease_not_an_earlier_one()
    {
        using (_hub.In(_hub.A))
        {
            await using var db = _hub.NewDb();
            db.Automs.Add(new Model.Autom { Name = "from-a" });
            await db.SaveChangesAsync();
        }

        using (_hub.In(_hub.B))
        {
            await using var db = _hub.NewDb();
            db.Automs.Add(new Model.Autom { Name = "from-b" });
            await db.SaveChangesAsync();
            Assert.Equal(["from-b"], await db.Automs.Select(a => a.Name).ToListAsync());
        }
    }
}
