namespace MspHub.Abstractions.Tests.Errors;

/// <summary>The clash message reads as a sentence whatever entity a host names.</summary>
public sealed class ConflictExceptionShould
{
    [Theory]
    [InlineData("tenant", "A tenant with slug 'x' already exists. Choose another slug.")]
    [InlineData("user", "A user with slug 'x' already exists. Choose another slug.")]
    [InlineData("autom", "An autom with slug 'x' already exists. Choose another slug.")]
    [InlineData("API key", "An API key with slug 'x' already exists. Choose another slug.")]
    public void Put_the_right_article_before_the_entity(string entity, string message)
    {
        var conflict = new ConflictException(entity, "slug", "x");

        Assert.Equal(message, conflict.Message);
        Assert.Equal((entity, "slug", "x"), (conflict.Entity, conflict.Field, conflict.Value));
    }
}
