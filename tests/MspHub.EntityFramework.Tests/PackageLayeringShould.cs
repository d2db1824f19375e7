namespace MspHub.EntityFramework.Tests;

public class PackageLayeringShould
{
    [Fact]
    public void Keep_EntityFramework_free_of_ASP_NET_Core_and_the_other_packages() =>
        Assert.Empty(Layering.ForbiddenReferences(
            "MspHub.EntityFramework",
            "Microsoft.AspNetCore", "MspHub.AspNetCore", "MspHub.Licensing"));

    [Fact]
    public void Keep_Redis_free_of_EF_Core_ASP_NET_Core_and_the_other_packages() =>
        Assert.Empty(Layering.ForbiddenReferences(
            "MspHub.Redis",
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "MspHub.EntityFramework", "MspHub.AspNetCore", "MspHub.Licensing", "Npgsql"));
}
