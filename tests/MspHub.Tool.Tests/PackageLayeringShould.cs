namespace MspHub.Tool.Tests;

public class PackageLayeringShould
{
    [Fact]
    public void Keep_the_tool_free_of_ASP_NET_Core() =>
        Assert.Empty(Layering.ForbiddenReferences("MspHub.Tool", "Microsoft.AspNetCore", "MspHub.AspNetCore"));
}
