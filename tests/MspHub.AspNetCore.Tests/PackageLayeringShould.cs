namespace MspHub.AspNetCore.Tests;

public class PackageLayeringShould
{
    [Fact]
    public void Keep_AspNetCore_free_of_EF_Core() =>
        Assert.Empty(Layering.ForbiddenReferences(
            "MspHub.AspNetCore",
            "Microsoft.EntityFrameworkCore", "MspHub.EntityFramework"));
}
