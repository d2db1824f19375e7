using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Hierarchy;

/// <summary>
/// MSP → Contoso → (Contoso Leeds, Contoso York) and MSP → Fabrikam → Fabrikam Leeds, beside the hub's top-level A and B,
/// with one autom (one step each) in every tenant, an MSP admin and an admin of Contoso alone.
/// </summary>
public sealed class HierarchyFixture
{
    private HierarchyFixture(Tenant msp)
    {
        Msp = msp;
        Contoso = Tenant.Create("contoso", "Contoso", parentId: msp.Id);
        ContosoLeeds = Tenant.Create("contoso-leeds", "Contoso Leeds", parentId: Contoso.Id);
        ContosoYork = Tenant.Create("contoso-york", "Contoso York", parentId: Contoso.Id);
        Fabrikam = Tenant.Create("fabrikam", "Fabrikam", parentId: msp.Id);
        FabrikamLeeds = Tenant.Create("fabrikam-leeds", "Fabrikam Leeds", parentId: Fabrikam.Id);
    }

    public Tenant Msp { get; }

    public Tenant Contoso { get; }

    public Tenant ContosoLeeds { get; }

    public Tenant ContosoYork { get; }

    public Tenant Fabrikam { get; }

    public Tenant FabrikamLeeds { get; }

    public IReadOnlyList<Tenant> All => [Msp, Contoso, ContosoLeeds, ContosoYork, Fabrikam, FabrikamLeeds];

    public HubUser MspAdmin { get; } = HubUser.Create("msp-admin") with { SystemRole = SystemRole.MspAdmin };

    /// <summary>A member of Contoso and, through the membership, of every site under it.</summary>
    public HubUser ContosoAdmin { get; } = HubUser.Create("contoso-admin");

    /// <summary>A member of Contoso alone: the sites under it are closed to them.</summary>
    public HubUser ContosoStaff { get; } = HubUser.Create("contoso-staff");

    public Dictionary<Guid, Autom> AutomOf { get; } = [];

    public static async Task<HierarchyFixture> CreateAsync(TestHub hub, IServiceProvider services)
    {
        var fixture = new HierarchyFixture(Tenant.Create("msp", "MSP"));
        await using (var db = hub.NewDb())
        {
            db.AddRange(fixture.All);
            await db.SaveChangesAsync();
        }

        foreach (var tenant in fixture.All.Concat([hub.A, hub.B]))
        {
            fixture.AutomOf[tenant.Id] = await hub.AddAutomAsync(tenant, tenant.Slug + "-1", "step");
        }

        var access = services.GetRequiredService<IAccessStore>();
        await access.AddUserAsync(fixture.MspAdmin);
        await access.AddUserAsync(fixture.ContosoAdmin);
        await access.SaveMembershipAsync(new Membership { UserId = fixture.ContosoAdmin.Id, TenantId = fixture.Contoso.Id, Roles = [], IncludesDescendants = true });
        await access.AddUserAsync(fixture.ContosoStaff);
        await access.SaveMembershipAsync(new Membership { UserId = fixture.ContosoStaff.Id, TenantId = fixture.Contoso.Id, Roles = [] });
        return fixture;
    }
}
