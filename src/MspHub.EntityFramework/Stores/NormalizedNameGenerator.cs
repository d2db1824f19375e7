using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.ValueGeneration;

namespace MspHub.EntityFramework;

/// <summary>Fills the normalized (upper-case) name columns on insert, so uniqueness and look-ups ignore case on every provider.</summary>
internal sealed class NormalizedNameGenerator : ValueGenerator<string>
{
    public override bool GeneratesTemporaryValues => false;

    public override string Next(EntityEntry entry) => entry.Entity switch
    {
        HubUser user => AccessColumns.Normalize(user.UserName),
        TenantRole role => AccessColumns.Normalize(role.Name),
        _ => throw new InvalidOperationException($"No normalized name for {entry.Metadata.DisplayName()}."),
    };
}
