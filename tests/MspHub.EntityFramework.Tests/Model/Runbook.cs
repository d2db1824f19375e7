using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework;

namespace MspHub.EntityFramework.Tests.Model;

/// <summary>Tenant-owned, with owned data in its own table (a schedule, split into the runbook's table) and in another (tags).</summary>
public sealed class Runbook : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public RunbookSchedule? Schedule { get; set; }

    public List<RunbookTag> Tags { get; } = [];

    public List<RunbookNote> Notes { get; } = [];

    /// <summary>
    /// Configures the runbook graph: owned data, a dependent whose foreign key is a shadow property that carries the
    /// tenant id too ((TenantId, RunbookId) to the runbook's (TenantId, Id)), and a quota on each root type.
    /// </summary>
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Runbook>(runbook =>
        {
            runbook.ToTable("runbooks");
            runbook.OwnsOne(r => r.Schedule);
            runbook.OwnsMany(r => r.Tags, tag =>
            {
                tag.ToTable("runbook_tags");
                tag.HasKey(t => t.Id);
            });
            runbook.HasTenantAlternateKey(r => r.Id);
            runbook.HasMany(r => r.Notes).WithOne().HasForeignKey("TenantId", "RunbookId").HasPrincipalKey("TenantId", nameof(Id)).IsRequired();
            runbook.CountsTowardQuota("runbooks");
        });
        modelBuilder.Entity<RunbookNote>(note =>
        {
            note.ToTable("runbook_notes");
            note.CountsTowardQuota("runbook-notes");
        });
    }
}

/// <summary>Owned by a runbook, in the runbook's table.</summary>
public sealed class RunbookSchedule
{
    public required string Cron { get; set; }
}

/// <summary>Owned by a runbook, in a table of its own, with a key of its own.</summary>
public sealed class RunbookTag
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Label { get; set; }
}

/// <summary>Tenant-owned, depending on a runbook through a shadow, tenant-composite foreign key (no RunbookId or TenantId property).</summary>
public sealed class RunbookNote : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Text { get; set; }
}
