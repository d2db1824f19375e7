using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The tenant_invitations table. No foreign key to users: an invitation may name an id no user has (so inviting tells nothing about ids).</summary>
internal sealed class TenantInvitationConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<TenantInvitation>
{
    public void Configure(EntityTypeBuilder<TenantInvitation> invitation)
    {
        invitation.ToTable("tenant_invitations", schema);
        invitation.HasKey(i => i.Id);
        invitation.Property(i => i.Id).HasColumnName("id").ValueGeneratedNever();
        invitation.Property(i => i.TenantId).HasColumnName("tenant_id");
        invitation.HasIndex(i => i.TenantId);
        invitation.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Cascade);
        invitation.Property(i => i.InvitedUserId).HasColumnName("invited_user_id");
        invitation.HasIndex(i => i.InvitedUserId);
        invitation.Property(i => i.Roles).HasColumnName("roles");
        invitation.Property(i => i.InvitedBy).HasColumnName("invited_by");
        TableMapping.OrderableTime(invitation.Property(i => i.CreatedAt).HasColumnName("created_at"), sqlite);
        TableMapping.OrderableTime(invitation.Property(i => i.ExpiresAt).HasColumnName("expires_at"), sqlite);
        invitation.Property(i => i.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
        TableMapping.OrderableTime(invitation.Property(i => i.ClosedAt).HasColumnName("closed_at"), sqlite);
    }
}
