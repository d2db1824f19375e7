using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Access;

public class PermissionCatalogShould
{
    internal static PermissionCatalog Build(Action<PermissionCatalogBuilder> declare) =>
        Hub.Build(hub => hub.AddInMemoryTenantStore().AddInMemoryAccessStore().AddPermissions(declare)).GetRequiredService<PermissionCatalog>();

    [Fact]
    public void Give_declared_permissions_dense_ids_in_declaration_order()
    {
        var catalog = Build(p => p.Resource("automs").Actions(PermissionActions.All).Resource("api-keys").Action("generate", sensitive: true));

        Assert.Equal(["automs.view", "automs.create", "automs.update", "automs.delete", "api-keys.generate"], catalog.All.Select(p => p.ToString()));
        Assert.Equal(new PermissionId(1), catalog.Id(new Permission("automs", PermissionActions.Create)));
        Assert.Equal(new PermissionId(4), catalog.Id("api-keys.generate"));
        Assert.True(catalog.IsSensitive(new PermissionId(4)));
        Assert.False(catalog.IsSensitive(new PermissionId(0)));
    }

    [Fact]
    public void Add_up_declarations_from_several_calls()
    {
        var catalog = Hub.Build(
                hub => hub.AddInMemoryTenantStore().AddInMemoryAccessStore()
                    .AddPermissions(p => p.Resource("automs").Action(PermissionActions.View))
                    .AddPermissions(p => p.Resource("tenants", mspLevel: true).Action(PermissionActions.Create)))
            .GetRequiredService<PermissionCatalog>();

        Assert.Equal(2, catalog.All.Count);
        Assert.True(catalog.IsMspLevel(catalog.Id("tenants.create")));
        Assert.False(catalog.IsMspLevel(catalog.Id("automs.view")));
    }

    [Fact]
    public void Name_an_undeclared_permission_in_the_error()
    {
        var catalog = Build(p => p.Resource("automs").Action(PermissionActions.View));

        var error = Assert.Throws<UnknownPermissionException>(() => catalog.Id("automs.purge"));

        Assert.Equal("automs.purge", error.Permission);
        Assert.False(catalog.TryGetId("vault.view", out _));
    }

    [Theory]
    [InlineData("Automs")]
    [InlineData("auto ms")]
    [InlineData("")]
    public void Refuse_badly_named_resources(string resource) =>
        Assert.ThrowsAny<ArgumentException>(() => Build(p => p.Resource(resource).Action(PermissionActions.View)));

    [Fact]
    public void Refuse_a_permission_declared_twice() =>
        Assert.Throws<ArgumentException>(() => Build(p => p.Resource("automs").Action(PermissionActions.View).Resource("automs").Action(PermissionActions.View)));

    [Fact]
    public void Stop_the_start_with_a_badly_named_permission_before_anything_uses_the_catalog()
    {
        using var services = Hub.Build(hub => hub.AddInMemoryTenantStore().AddInMemoryAccessStore()
            .AddPermissions(p => p.Resource("automs").Action(PermissionActions.View))
            .AddPermissions(p => p.Resource("Automs").Action(PermissionActions.View)));

        // What the host runs when it starts (ValidateOnStart).
        var error = Assert.ThrowsAny<ArgumentException>(() => services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());

        Assert.Contains("'Automs'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("automs.create", "automs", "create")]
    [InlineData("api-keys.generate", "api-keys", "generate")]
    public void Parse_resource_dot_action(string text, string resource, string action) =>
        Assert.Equal(new Permission(resource, action), Permission.Parse(text));

    [Theory]
    [InlineData("automs")]
    [InlineData(".create")]
    [InlineData("automs.")]
    [InlineData("a.b.c")]
    public void Refuse_to_parse_anything_else(string text) =>
        Assert.Throws<FormatException>(() => Permission.Parse(text));
}
