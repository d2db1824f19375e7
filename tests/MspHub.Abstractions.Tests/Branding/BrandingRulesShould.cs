using System.Text;

namespace MspHub.Tests.Branding;

public class BrandingRulesShould
{
    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1, 0, 0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, null)]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, null)]
    [InlineData(new byte[] { }, null)]
    public void Judge_an_image_by_its_bytes(byte[] image, string? expected) => Assert.Equal(expected, BrandingRules.SniffImage(image));

    [Fact]
    public void Refuse_svg_even_when_it_is_a_valid_image() =>
        Assert.Null(BrandingRules.SniffImage(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")));

    [Theory]
    [InlineData("red")]
    [InlineData("#12345")]
    [InlineData("#12345g")]
    [InlineData("1a73e8#")]
    public void Refuse_colours_that_are_not_hex_triplets(string colour) =>
        Assert.Throws<InvalidBrandingException>(() => new MspHub.Branding { PrimaryColor = colour });

    [Fact]
    public void Normalise_colours_and_take_unset_fields_from_the_fallback()
    {
        var msp = new MspHub.Branding { LogoSha256 = "msp", PrimaryColor = "#1A73E8", Title = "Northwind" };
        var tenant = new MspHub.Branding { LogoSha256 = "acme", SecondaryColor = "#FFFFFF" };

        var inForce = tenant.Over(msp);

        Assert.Equal(new MspHub.Branding { LogoSha256 = "acme", PrimaryColor = "#1a73e8", SecondaryColor = "#ffffff", Title = "Northwind" }, inForce);
        Assert.Same(tenant, tenant.Over(null));
    }

    [Fact]
    public void Refuse_a_title_that_is_blank_or_too_long()
    {
        Assert.Throws<InvalidBrandingException>(() => new MspHub.Branding { Title = " " });
        Assert.Throws<InvalidBrandingException>(() => new MspHub.Branding { Title = new string('x', BrandingRules.MaxTitleLength + 1) });
    }
}
