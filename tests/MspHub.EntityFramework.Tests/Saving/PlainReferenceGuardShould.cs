using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Saving;

/// <summary>
/// A relationship opted out of the tenant-composite foreign key (<c>HasPlainForeignKey</c>) lets the database accept a
/// reference to another tenant's row. Where the context tracks the referenced row, the save guard knows its tenant and
/// refuses the reference before anything is sent; the database then has nothing to accept.
/// </summary>
public sealed class PlainReferenceGuardShould : IAsyncLifetime, IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private TestHub _hub = null!;
    private Guid _victimId;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(DatabaseProvider.Sqlite);
        await _connection.OpenAsync();
        await using var db = NewDb();
        await db.Database.EnsureCreatedAsync();
        using (_hub.In(_hub.A))
        {
            var victim = new Autom { Name = "a-backup" };
            db.Automs.Add(victim);
            await db.SaveChangesAsync();
            _victimId = victim.Id;
        }
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    public void Dispose() => _connection.Dispose();

    [Fact]
    public async Task Refuse_a_new_row_referencing_a_tracked_row_of_another_tenant()
    {
        using (_hub.In(_hub.B))
        {
            await using var db = NewDb();
            var victim = db.Automs.Attach(new Autom { Id = _victimId, TenantId = _hub.A.Id, Name = "a-backup" }).Entity;
            db.Steps.Add(new AutomStep { Action = "planted", Autom = victim });

            var refused = await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());

            Assert.Contains($"references a 'Autom' of tenant {_hub.A.Id} through 'Autom'", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0L, await StepsAsync());
    }

    [Fact]
    public async Task Refuse_re_pointing_an_own_row_at_a_tracked_row_of_another_tenant()
    {
        Guid stepId;
        using (_hub.In(_hub.B))
        {
            await using var db = NewDb();
            var own = new Autom { Name = "b-backup" };
            var step = new AutomStep { Action = "b-step", Autom = own };
            db.Steps.Add(step);
            await db.SaveChangesAsync();
            stepId = step.Id;
        }

        using (_hub.In(_hub.B))
        {
            await using var db = NewDb();
            var step = await db.Steps.SingleAsync(s => s.Id == stepId);
            step.Autom = db.Automs.Attach(new Autom { Id = _victimId, TenantId = _hub.A.Id, Name = "a-backup" }).Entity;

            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        Assert.Equal(0L, await StepsAsync($"\"AutomId\" = '{_victimId.ToString().ToUpperInvariant()}'"));
    }

    [Fact]
    public async Task Save_a_plain_reference_to_a_tracked_row_of_the_same_tenant()
    {
        using (_hub.In(_hub.A))
        {
            await using var db = NewDb();
            var own = await db.Automs.SingleAsync();
            db.Steps.Add(new AutomStep { Action = "kept", Autom = own });
            await db.SaveChangesAsync();
        }

        Assert.Equal(1L, await StepsAsync());
    }

    private PlainReferenceDb NewDb() =>
        new(new DbContextOptionsBuilder<PlainReferenceDb>().UseSqlite(_connection).UseMspHub(_hub.Services).Options);

    // Counted outside MspHub: no query filter.
    private async Task<long> StepsAsync(string where = "1 = 1")
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM autom_steps WHERE {where}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class PlainReferenceDb(DbContextOptions<PlainReferenceDb> options) : DbContext(options)
    {
        public DbSet<Autom> Automs => Set<Autom>();

        public DbSet<AutomStep> Steps => Set<AutomStep>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Autom>(autom =>
            {
                autom.ToTable("automs");
                autom.HasMany(a => a.Steps).WithOne(s => s.Autom).HasForeignKey(s => s.AutomId).HasPlainForeignKey();
            });
            modelBuilder.Entity<AutomStep>().ToTable("autom_steps");
            modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
        }
    }
}
