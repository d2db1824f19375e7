using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework.Tests;

/// <summary>The embedded SQLite engine (the SQLitePCLRaw bundle EF Core Sqlite brings) works under EF Core.</summary>
public class SqliteProviderShould
{
    [Fact]
    public async Task Round_trip_rows_through_EF_Core()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var options = new DbContextOptionsBuilder<NotesDb>().UseSqlite(connection).Options;
        await using (var db = new NotesDb(options))
        {
            await db.Database.EnsureCreatedAsync();
            db.Notes.Add(new Note { Text = "hello" });
            await db.SaveChangesAsync();
        }

        await using (var db = new NotesDb(options))
        {
            Assert.Equal("hello", (await db.Notes.SingleAsync()).Text);
        }
    }

    private sealed class Note
    {
        public int Id { get; set; }

        public required string Text { get; set; }
    }

    private sealed class NotesDb(DbContextOptions<NotesDb> options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();
    }
}
