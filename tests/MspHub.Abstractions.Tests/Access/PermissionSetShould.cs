namespace MspHub.Abstractions.Tests.Access;

public class PermissionSetShould
{
    [Fact]
    public void Hold_exactly_its_permissions_across_more_than_64_of_them()
    {
        var catalog = PermissionCatalogShould.Build(p =>
        {
            for (var i = 0; i < 50; i++)
            {
                p.Resource($"resource-{i}").Actions(PermissionActions.View, PermissionActions.Update);
            }
        });
        PermissionId[] chosen = [new(0), new(63), new(64), new(99)];

        var set = catalog.Create(chosen);

        Assert.Equal(4, set.Count);
        Assert.Equal(chosen, set.Ids());
        Assert.All(chosen, id => Assert.True(set.Contains(id)));
        Assert.False(set.Contains(new PermissionId(1)));
        Assert.False(set.Contains(new PermissionId(65)));
        Assert.False(set.Contains(new PermissionId(1000)));
        Assert.Equal(100, catalog.Everything.Count);
        Assert.Equal(0, catalog.Nothing.Count);
    }

    [Fact]
    public void Refuse_ids_from_outside_the_catalog()
    {
        var catalog = PermissionCatalogShould.Build(p => p.Resource("automs").Action(PermissionActions.View));

        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.Create([new PermissionId(5)]));
    }
}
