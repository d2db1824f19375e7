namespace MspHub.Abstractions.Tests.Tenants;

public class TenantSlugShould
{
    public static TheoryData<string> ValidSlugs =>
    [
        "ab", "contoso", "acme-corp", "a1", "9lives", "x-y-z", "client-042", new string('a', 63), "default",
    ];

    public static TheoryData<string?, TenantSlugRule> InvalidSlugs => new()
    {
        { null, TenantSlugRule.Required },
        { "", TenantSlugRule.Required },
        { "a", TenantSlugRule.Length },
        { new string('a', 64), TenantSlugRule.Length },
        { "Contoso", TenantSlugRule.Characters },
        { "acme_corp", TenantSlugRule.Characters },
        { "acme corp", TenantSlugRule.Characters },
        { "café", TenantSlugRule.Characters },
        { "acme.corp", TenantSlugRule.Characters },
        { "-acme", TenantSlugRule.LeadingOrTrailingDash },
        { "acme-", TenantSlugRule.LeadingOrTrailingDash },
        { "acme--corp", TenantSlugRule.ConsecutiveDashes },
        { "admin", TenantSlugRule.Reserved },
        { "api", TenantSlugRule.Reserved },
        { "www", TenantSlugRule.Reserved },
        { "hub", TenantSlugRule.Reserved },
        { "msphub", TenantSlugRule.Reserved },
    };

    [Theory]
    [MemberData(nameof(ValidSlugs))]
    public void Accept_valid_slugs(string slug)
    {
        Assert.True(TenantSlug.IsValid(slug));
        Assert.Null(TenantSlug.Check(slug));
        Assert.Equal(slug, TenantSlug.Validate(slug));
    }

    [Theory]
    [MemberData(nameof(InvalidSlugs))]
    public void Reject_invalid_slugs_naming_the_rule_and_the_value(string? slug, TenantSlugRule rule)
    {
        Assert.False(TenantSlug.IsValid(slug));
        Assert.Equal(rule, TenantSlug.Check(slug));

        var error = Assert.Throws<InvalidTenantSlugException>(() => TenantSlug.Validate(slug));
        Assert.Equal(rule, error.Rule);
        Assert.Equal(slug, error.Value);
        Assert.Contains(rule.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(slug is null ? "null" : $"'{slug}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shorten_very_long_values_in_the_message_but_keep_them_whole_on_the_exception()
    {
        var slug = new string('x', 5000);

        var error = Assert.Throws<InvalidTenantSlugException>(() => TenantSlug.Validate(slug));

        Assert.Equal(slug, error.Value);
        Assert.True(error.Message.Length < 400, error.Message);
        Assert.Contains("5000 characters", error.Message, StringComparison.Ordinal);
    }

    // Cut where an emoji starts, the quote would keep half of it, which no UTF-8 log or JSON body can carry.
    [Fact]
    public void Shorten_a_value_without_cutting_a_character_in_two()
    {
        var slug = new string('x', 63) + "\U0001F680" + new string('y', 10);

        var error = Assert.Throws<InvalidTenantSlugException>(() => TenantSlug.Validate(slug));

        Assert.Contains($"'{new string('x', 63)}…'", error.Message, StringComparison.Ordinal);
        Assert.NotNull(new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(error.Message));
    }

    [Theory]
    [InlineData("contoso", true)]
    [InlineData("CONTOSO", true)]
    [InlineData("Acme-Corp", true)]
    [InlineData("ADMIN", false)]
    [InlineData("../etc", false)]
    [InlineData("", false)]
    [InlineData("a", false)]
    public void Tell_whether_request_input_could_match_a_tenant_ignoring_case(string candidate, bool expected) =>
        Assert.Equal(expected, TenantSlug.CouldMatch(candidate));
}
