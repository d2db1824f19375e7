using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Benchmarks;

/// <summary>
/// SaveChanges of one parent with three children through MspHub (tenant stamped by the save guard, the
/// guard's checks, tenant-composite foreign keys) against the same save without MspHub, with the tenant set
/// by hand and the same tenant-composite keys written by hand (the baseline), each on its own in-memory
/// SQLite database. Two more pairs separate the costs: plain foreign keys by hand (what the composite key
/// costs EF Core), and MspHub with the relationship opted out of the composite key (what the guard costs).
/// Target: at most 1.02× the baseline's time and allocations.
/// </summary>
[MemoryDiagnoser]
public class SaveChangesBenchmarks
{
    private SqliteConnection _tenantConnection = null!;
    private SqliteConnection _plainConnection = null!;
    private ServiceProvider _services = null!;
    private IDisposable _scope = null!;
    private TenantDb _tenantDb = null!;
    private PlainKeyDb _plainKeyDb = null!;
    private SqliteConnection _plainKeyConnection = null!;
    private PlainDb _plainDb = null!;
    private SqliteConnection _compositeConnection = null!;
    private CompositeKeyDb _compositeDb = null!;
    private Guid _tenantId;

    private SqliteConnection _trackedConnection = null!;
    private CompositeKeyDb _trackedByHand = null!;
    private SqliteConnection _trackedTenantConnection = null!;
    private TenantDb _trackedTenantDb = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tenantConnection = new SqliteConnection("Data Source=:memory:");
        _tenantConnection.Open();
        _plainConnection = new SqliteConnection("Data Source=:memory:");
        _plainConnection.Open();
        _services = new ServiceCollection().AddMspHub(hub => hub.AddInMemoryTenantStore()).Services.BuildServiceProvider();
        _tenantDb = new TenantDb(new DbContextOptionsBuilder<TenantDb>().UseSqlite(_tenantConnection).UseMspHub(_services).Options);
        _plainDb = new PlainDb(new DbContextOptionsBuilder<PlainDb>().UseSqlite(_plainConnection).Options);
        _tenantDb.Database.EnsureCreated();
        _plainKeyConnection = new SqliteConnection("Data Source=:memory:");
        _plainKeyConnection.Open();
        _plainKeyDb = new PlainKeyDb(new DbContextOptionsBuilder<PlainKeyDb>().UseSqlite(_plainKeyConnection).UseMspHub(_services).Options);
        _plainKeyDb.Database.EnsureCreated();
        _plainDb.Database.EnsureCreated();
        _compositeConnection = new SqliteConnection("Data Source=:memory:");
        _compositeConnection.Open();
        _compositeDb = new CompositeKeyDb(new DbContextOptionsBuilder<CompositeKeyDb>().UseSqlite(_compositeConnection).Options);
        _compositeDb.Database.EnsureCreated();

        (_trackedConnection, _trackedByHand) = Open(o => new CompositeKeyDb(o.Options), new DbContextOptionsBuilder<CompositeKeyDb>());
        (_trackedTenantConnection, _trackedTenantDb) = Open(o => new TenantDb(o.UseMspHub(_services).Options), new DbContextOptionsBuilder<TenantDb>());

        var tenant = Tenant.Create("bench", "Bench");
        _tenantId = tenant.Id;
        _scope = _services.GetRequiredService<ITenancy>().BeginScope(tenant);
        for (var i = 0; i < TrackedRows; i++)
        {
            _trackedByHand.Attach(new Order { TenantId = _tenantId, Name = "tracked" });
            _trackedTenantDb.Attach(new Order { TenantId = _tenantId, Name = "tracked" });
        }

        var stamped = MspHubSave();
        if (stamped.TenantId != _tenantId || _tenantDb.Entry(stamped.Lines[0]).Property<Guid>("TenantId").CurrentValue != _tenantId)
        {
            throw new InvalidOperationException("The save guard did not stamp the tenant.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _tenantDb.Dispose();
        _plainDb.Dispose();
        _plainKeyDb.Dispose();
        _compositeDb.Dispose();
        _trackedByHand.Dispose();
        _trackedTenantDb.Dispose();
        _services.Dispose();
        _trackedConnection.Dispose();
        _trackedTenantConnection.Dispose();
        _tenantConnection.Dispose();
        _plainConnection.Dispose();
        _plainKeyConnection.Dispose();
        _compositeConnection.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Tenant and tenant-composite foreign keys by hand")]
    public Order ByHand() => Save(_compositeDb, NewOrder(_tenantId));

    [Benchmark(Description = "Tenant by hand, plain foreign keys")]
    public Order ByHandPlainKeys() => Save(_plainDb, NewOrder(_tenantId));

    /// <summary>
    /// The same keys by hand, with the tenant set on the order alone: EF Core then propagates it to the lines
    /// through the tenant-composite foreign key, the same propagation MspHub's save pays for the lines.
    /// </summary>
    [Benchmark(Description = "Tenant on the order by hand, propagated to the lines")]
    public Order ByHandTenantOnOrder()
    {
        var order = NewOrder(Guid.Empty);
        order.TenantId = _tenantId;
        return Save(_compositeDb, order);
    }

    [Benchmark(Description = "MspHub: stamped, guarded, tenant-composite foreign keys")]
    public Order MspHubSave() => Save(_tenantDb, NewOrder(Guid.Empty));

    /// <summary>The save guard and stamping alone: the same model with the relationship opted out of the tenant-composite key.</summary>
    [Benchmark(Description = "MspHub with HasPlainForeignKey: stamped and guarded only")]
    public Order PlainKey() => Save(_plainKeyDb, NewOrder(Guid.Empty));

    /// <summary>The hand-written save with 1,000 unchanged orders tracked by the same context, as a long-lived context holds them.</summary>
    [Benchmark(Description = "By hand, 1,000 unchanged rows tracked")]
    public Order ByHandTracked() => SaveAndForget(_trackedByHand, NewOrder(_tenantId));

    /// <summary>MspHub's save with the same 1,000 unchanged rows tracked: how the guard's walk grows with them.</summary>
    [Benchmark(Description = "MspHub, 1,000 unchanged rows tracked")]
    public Order MspHubTracked() => SaveAndForget(_trackedTenantDb, NewOrder(Guid.Empty));

    private const int TrackedRows = 1_000;

    private static (SqliteConnection, TContext) Open<TContext>(Func<DbContextOptionsBuilder<TContext>, TContext> create, DbContextOptionsBuilder<TContext> options)
        where TContext : DbContext
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var context = create(options.UseSqlite(connection));
        context.Database.EnsureCreated();
        return (connection, context);
    }

    // Saves, then stops tracking only what it saved, so the tracked rows stay.
    private static Order SaveAndForget(DbContext db, Order order)
    {
        db.Add(order);
        db.SaveChanges();
        foreach (var line in order.Lines)
        {
            db.Entry(line).State = EntityState.Detached;
        }

        db.Entry(order).State = EntityState.Detached;
        return order;
    }

    private sealed class PlainKeyDb(DbContextOptions<PlainKeyDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Order>().ToTable("orders").HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).HasPlainForeignKey();
            modelBuilder.Entity<OrderLine>().ToTable("order_lines");
            modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
        }
    }

    private static Order Save(DbContext db, Order order)
    {
        db.Add(order);
        db.SaveChanges();
        db.ChangeTracker.Clear();
        return order;
    }

    private static Order NewOrder(Guid tenantId)
    {
        var order = new Order { TenantId = tenantId, Name = "order" };
        for (var i = 0; i < 3; i++)
        {
            order.Lines.Add(new OrderLine { TenantId = tenantId, Product = "item" });
        }

        return order;
    }

    public sealed class Order : ITenantOwned
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();

        public Guid TenantId { get; set; }

        public required string Name { get; set; }

        public List<OrderLine> Lines { get; } = [];
    }

    public sealed class OrderLine : ITenantOwned
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();

        public Guid TenantId { get; set; }

        public Guid OrderId { get; set; }

        public required string Product { get; set; }
    }

    private sealed class TenantDb(DbContextOptions<TenantDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Order>().ToTable("orders").HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId);
            modelBuilder.Entity<OrderLine>().ToTable("order_lines");
            modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
        }
    }

    /// <summary>The keys <c>ApplyMspHub</c> makes, written by hand without MspHub: <c>(TenantId, OrderId)</c> → <c>(TenantId, Id)</c>.</summary>
    private sealed class CompositeKeyDb(DbContextOptions<CompositeKeyDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Order>().ToTable("orders").HasAlternateKey(o => new { o.TenantId, o.Id });
            modelBuilder.Entity<Order>().HasMany(o => o.Lines).WithOne()
                .HasForeignKey(l => new { l.TenantId, l.OrderId }).HasPrincipalKey(o => new { o.TenantId, o.Id });
            modelBuilder.Entity<OrderLine>().ToTable("order_lines").HasIndex(l => l.TenantId);
        }
    }

    /// <summary>The same tables without MspHub: the tenant id is an ordinary column with an index.</summary>
    private sealed class PlainDb(DbContextOptions<PlainDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Order>().ToTable("orders").HasIndex(o => o.TenantId);
            modelBuilder.Entity<Order>().HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId);
            modelBuilder.Entity<OrderLine>().ToTable("order_lines").HasIndex(l => l.TenantId);
        }
    }
}
