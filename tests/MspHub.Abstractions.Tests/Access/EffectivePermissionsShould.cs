namespace MspHub.Abstractions.Tests.Access;

public class EffectivePermissionsShould
{
    private static readonly PermissionCatalog Catalog = PermissionCatalogShould.Build(p => p
        .Resource("automs").Actions(PermissionActions.All)
        .Resource("api-keys").Action("generate", sensitive: true)
        .Resource("tenants", mspLevel: true).Actions(PermissionActions.Create, PermissionActions.Delete));

    public static TheoryData<string, AccessFacts, string[]> Cases => new()
    {
        { "an MSP admin holds everything", new(SystemRole.MspAdmin, true, [], []), ["automs.view", "automs.create", "automs.update", "automs.delete", "api-keys.generate", "tenants.create", "tenants.delete"] },
        { "an inactive MSP admin holds nothing", new(SystemRole.MspAdmin, false, [], []), [] },
        { "an unknown user holds nothing", AccessFacts.Unknown, [] },
        { "a technician holds what is granted here", new(SystemRole.Technician, true, [], ["automs.view", "automs.update"]), ["automs.view", "automs.update"] },
        { "a technician with no grant here holds nothing", new(SystemRole.Technician, true, [], []), [] },
        { "a technician never holds a sensitive permission", new(SystemRole.Technician, true, [], ["api-keys.generate", "automs.view"]), ["automs.view"] },
        { "a technician never holds an MSP-level permission, even if a grant names one", new(SystemRole.Technician, true, [], ["tenants.create", "automs.view"]), ["automs.view"] },
        { "a technician holds nothing through tenant roles", new(SystemRole.Technician, true, ["automs.delete", "automs.view"], ["automs.view"]), ["automs.view"] },
        { "a member holds the permissions of their roles", new(SystemRole.None, true, ["automs.view", "api-keys.generate"], []), ["automs.view", "api-keys.generate"] },
        { "a member never holds MSP-level permissions through a role", new(SystemRole.None, true, ["tenants.create", "automs.view"], []), ["automs.view"] },
        { "grants count only for technicians", new(SystemRole.None, true, [], ["automs.delete"]), [] },
        { "names no longer declared are ignored", new(SystemRole.None, true, ["automs.view", "reports.export"], []), ["automs.view"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_the_access_rules(string rule, AccessFacts facts, string[] expected)
    {
        var permissions = EffectivePermissions.Compile(facts, Catalog);

        Assert.True(
            expected.Order().SequenceEqual(permissions.Ids().Select(id => Catalog[id].ToString()).Order()),
            $"{rule}: got {string.Join(", ", permissions.Ids().Select(id => Catalog[id]))}");
    }

    public static TheoryData<string, AccessFacts, bool> EntryCases => new()
    {
        { "an MSP admin enters every tenant", new(SystemRole.MspAdmin, true, [], []), true },
        { "a member whose roles grant nothing still enters", new(SystemRole.None, true, [], []) { IsInTenant = true }, true },
        { "a technician with a grant here enters", new(SystemRole.Technician, true, [], ["automs.view"]) { IsInTenant = true }, true },
        { "a user with no place here stays out", new(SystemRole.None, true, [], []), false },
        { "a technician without a grant or membership here stays out", new(SystemRole.Technician, true, [], []), false },
        { "an inactive member stays out", new(SystemRole.None, false, ["automs.view"], []) { IsInTenant = true }, false },
        { "an unknown user stays out", AccessFacts.Unknown, false },
    };

    [Theory]
    [MemberData(nameof(EntryCases))]
    public void Decide_who_may_enter_the_tenant(string rule, AccessFacts facts, bool expected) =>
        Assert.True(EffectivePermissions.Compile(facts, Catalog).CanEnterTenant == expected, rule);
}
