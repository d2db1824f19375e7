namespace MspHub.EntityFramework.Tests.Model;

/// <summary>Tenant-owned, with data it owns: an address in its own row and contacts in a table of their own.</summary>
public sealed class Site : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public SiteAddress? Address { get; set; }

    public List<SiteContact> Contacts { get; } = [];
}

/// <summary>Owned by a site, stored in the site's row.</summary>
public sealed class SiteAddress
{
    public required string City { get; set; }
}

/// <summary>Owned by a site, stored in a table of its own.</summary>
public sealed class SiteContact
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Email { get; set; }
}
