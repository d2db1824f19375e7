namespace MspHub.Licensing.Tests;

public class PackageLayeringShould
{
    [Fact]
    public void Keep_Licensing_free_of_EF_Core_ASP_NET_Core_and_the_packages_above_it() =>
        Assert.Empty(Layering.ForbiddenReferences(
            "MspHub.Licensing",
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "MspHub.AspNetCore", "MspHub.EntityFramework"));
}
