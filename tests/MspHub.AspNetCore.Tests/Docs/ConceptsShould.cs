using MspHub.EntityFramework;
using MspHub.Licensing;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>The tenant model of docs/concepts.md, as the page shows it (the marked region), and where each package's types live.</summary>
public sealed class ConceptsShould
{
    [Fact]
    public void Build_a_hierarchy_of_immutable_tenants()
    {
        // docs: concepts.md#tenant
        var msp = Tenant.Create("northwind-msp", "Northwind IT") with { IsAdminTenancy = true };
        var client = Tenant.Create("contoso", "Contoso Ltd", parentId: msp.Id);
        var suspended = client with { Status = TenantStatus.Suspended };
        // end docs

        Assert.True(msp.IsAdminTenancy);
        Assert.Equal((msp.Id, TenantStatus.Active), (client.ParentId, client.Status));
        Assert.Equal((client.Id, client.Slug, TenantStatus.Suspended), (suspended.Id, suspended.Slug, suspended.Status));
        Assert.Equal(7, msp.Id.Version);
        Assert.Throws<InvalidTenantSlugException>(() => client with { Slug = "Contoso!" });
    }

    [Theory]
    [InlineData(typeof(Tenant), "MspHub")]
    [InlineData(typeof(MspHubProblemTypes), "MspHub.AspNetCore")]
    [InlineData(typeof(MspHubModelBuilderExtensions), "MspHub.EntityFramework")]
    [InlineData(typeof(ILicensing), "MspHub.Licensing")]
    public void Keep_each_packages_public_types_in_the_namespace_the_page_names(Type member, string space)
    {
        var elsewhere = member.Assembly.GetExportedTypes().Where(t => t.Namespace != space).Select(t => t.FullName).ToList();

        Assert.Empty(elsewhere);
    }
}
