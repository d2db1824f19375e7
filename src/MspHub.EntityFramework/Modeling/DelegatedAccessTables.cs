using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// The columns and tables of delegated access: a technician grant's start and expiry, the requests waiting for a
/// client tenant's consent, and technicians' elevations. Times are orderable on SQLite too, because expiry is compared in queries.
/// </summary>
internal static class DelegatedAccessTables
{
    public static void Map(ModelBuilder modelBuilder, string? schema, bool sqlite)
    {
        modelBuilder.Entity<TechnicianGrant>(grant =>
        {
            MspHubModelBuilderExtensions.OrderableTime(grant.Property(g => g.GrantedAt).HasColumnName("granted_at"), sqlite);
            MspHubModelBuilderExtensions.OrderableTime(grant.Property(g => g.ExpiresAt).HasColumnName("expires_at"), sqlite);
        });

        // Gone with its tenant or its technician, like the grant it asks for.
        modelBuilder.Entity<TechnicianGrantRequest>(request =>
        {
            request.ToTable("technician_grant_requests", schema);
            request.HasKey(r => r.Id);
            request.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
            request.Property(r => r.TenantId).HasColumnName("tenant_id");
            request.HasIndex(r => new { r.TenantId, r.State });
            request.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
            request.Property(r => r.UserId).HasColumnName("user_id");
            request.HasIndex(r => r.UserId);
            request.HasOne<HubUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
            request.Property(r => r.Permissions).HasColumnName("permissions");
            request.Property(r => r.IncludesDescendants).HasColumnName("includes_descendants");
            MspHubModelBuilderExtensions.OrderableTime(request.Property(r => r.ExpiresAt).HasColumnName("expires_at"), sqlite);
            request.Property(r => r.RequestedBy).HasColumnName("requested_by");
            MspHubModelBuilderExtensions.OrderableTime(request.Property(r => r.RequestedAt).HasColumnName("requested_at"), sqlite);
            request.Property(r => r.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
            request.Property(r => r.AnsweredBy).HasColumnName("answered_by");
            MspHubModelBuilderExtensions.OrderableTime(request.Property(r => r.ClosedAt).HasColumnName("closed_at"), sqlite);
        });

        // One per technician and tenant, keyed like the grant it sits on, and gone with its tenant or its technician.
        modelBuilder.Entity<TechnicianElevation>(elevation =>
        {
            MspHubModelBuilderExtensions.MapUserInTenant(elevation, "technician_elevations", schema);
            elevation.Property(e => e.Permissions).HasColumnName("permissions");
            elevation.Property(e => e.Reason).HasColumnName("reason").HasMaxLength(TechnicianElevation.MaxReasonLength);
            MspHubModelBuilderExtensions.OrderableTime(elevation.Property(e => e.ActivatedAt).HasColumnName("activated_at"), sqlite);
            MspHubModelBuilderExtensions.OrderableTime(elevation.Property(e => e.ExpiresAt).HasColumnName("expires_at"), sqlite);
            elevation.Property(e => e.ApprovalId).HasColumnName("approval_id");
        });
    }
}
