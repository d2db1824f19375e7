using System.ComponentModel;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework.Tests.Saving;

/// <summary>
/// A model whose entities all report their own changes (notification change tracking, as change-tracking proxies do)
/// makes EF Core skip change detection altogether, so a guard that waits for detection would never run: the save guard
/// must refuse the same writes as with snapshot tracking.
/// </summary>
public sealed class NotificationTrackingGuardShould : IAsyncLifetime, IDisposable
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
            var victim = new Note { Text = "a-note" };
            db.Notes.Add(victim);
            await db.SaveChangesAsync();
            _victimId = victim.Id;
        }
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    public void Dispose() => _connection.Dispose();

    [Fact]
    public async Task Refuse_a_new_row_for_another_tenant()
    {
        using (_hub.In(_hub.B))
        {
            await using var db = NewDb();
            db.Notes.Add(new Note { TenantId = _hub.A.Id, Text = "planted" });

            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        Assert.Equal(["a-note"], await TextsAsync());
    }

    [Fact]
    public async Task Refuse_to_change_or_delete_another_tenants_row_through_a_forged_entity()
    {
        using (_hub.In(_hub.B))
        {
            await using var db = NewDb();
            db.Notes.Update(new Note { Id = _victimId, TenantId = _hub.A.Id, Text = "pwned" });
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        using (_hub.In(_hub.B))
        {
            await using var db = NewDb();
            db.Notes.Remove(new Note { Id = _victimId, TenantId = _hub.A.Id, Text = "a-note" });
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        Assert.Equal(["a-note"], await TextsAsync());
    }

    [Fact]
    public async Task Refuse_a_save_without_a_tenant_and_stamp_one_with_it()
    {
        await using (var db = NewDb())
        {
            db.Notes.Add(new Note { Text = "nobody's" });
            await Assert.ThrowsAsync<TenantRequiredException>(() => db.SaveChangesAsync());
        }

        using (_hub.In(_hub.B))
        {
            await using var db = NewDb();
            db.Notes.Add(new Note { Text = "b-note" });
            await db.SaveChangesAsync();
        }

        Assert.Equal(["a-note", "b-note"], await TextsAsync());
        using (_hub.In(_hub.B))
        {
            await using var db = NewDb();
            Assert.Equal(_hub.B.Id, (await db.Notes.SingleAsync()).TenantId);
        }
    }

    private NotificationDb NewDb() =>
        new(new DbContextOptionsBuilder<NotificationDb>().UseSqlite(_connection).UseMspHub(_hub.Services).Options);

    // Read outside MspHub: no query filter.
    private async Task<List<string>> TextsAsync()
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT \"Text\" FROM notes ORDER BY \"Text\"";
        await using var reader = await command.ExecuteReaderAsync();
        List<string> texts = [];
        while (await reader.ReadAsync())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    private sealed class NotificationDb(DbContextOptions<NotificationDb> options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.HasChangeTrackingStrategy(ChangeTrackingStrategy.ChangingAndChangedNotifications);
            modelBuilder.Entity<Note>().ToTable("notes");
            modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
        }
    }

    private sealed class Note : ITenantOwned, INotifyPropertyChanging, INotifyPropertyChanged
    {
        public event PropertyChangingEventHandler? PropertyChanging;

        public event PropertyChangedEventHandler? PropertyChanged;

        public Guid Id { get; set => Set(ref field, value); } = Guid.CreateVersion7();

        public Guid TenantId { get; set => Set(ref field, value); }

        public required string Text { get; set => Set(ref field, value); }

        private void Set<T>(ref T storage, T value, [CallerMemberName] string property = "")
        {
            PropertyChanging?.Invoke(this, new PropertyChangingEventArgs(property));
            storage = value;
            PropertyChanged?.Invoke(this, new PropertyChangedEventArgs(property));
        }
    }
}
