using System.Text;

namespace MspHub.Abstractions.Tests.Branding;

public class BrandingRulesShould
{
    [Fact]
    public void Accept_a_png_or_jpeg_whose_structure_and_header_parse()
    {
        Assert.Equal("image/png", BrandingRules.SniffImage(TestImages.Png(2, 3, 1, 2, 3)));
        Assert.Equal("image/png", BrandingRules.SniffImage(TestImages.Png(BrandingRules.MaxLogoDimension, 1, 1, 2, 3)));
        Assert.Equal("image/jpeg", BrandingRules.SniffImage(TestImages.Jpeg(640, 480)));
    }

    public static TheoryData<string, byte[]> NotImages()
    {
        var png = TestImages.Png(2, 2, 9, 9, 9);
        var html = Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script></html>");
        byte[] damaged = [.. png];
        damaged[^20] ^= 0x55;
        return new()
        {
            { "a png signature followed by html", [.. png[..8], .. html] },
            { "a png signature and a header followed by html", [.. png[..33], .. html] },
            { "a whole png followed by html", [.. png, .. html] },
            { "a png cut short", png[..^6] },
            { "a png with a damaged chunk", damaged },
            { "a png of width 0", TestImages.Png(0, 2, 1, 1, 1) },
            { "a png wider than the limit", TestImages.Png(BrandingRules.MaxLogoDimension + 1, 1, 1, 1, 1) },
            { "the old magic-number-only png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 0, 0] },
            { "a jpeg signature followed by html", [0xFF, 0xD8, 0xFF, .. html] },
            { "a jpeg of height 0", TestImages.Jpeg(16, 0) },
            { "a jpeg taller than the limit", TestImages.Jpeg(16, BrandingRules.MaxLogoDimension + 1) },
            { "a jpeg without its end marker", TestImages.Jpeg(16, 16)[..^2] },
            { "a jpeg followed by html", [.. TestImages.Jpeg(16, 16), .. html] },
            { "gif", [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0, 0x3B] },
            { "nothing", [] },
        };
    }

    [Theory]
    [MemberData(nameof(NotImages))]
    public void Refuse_bytes_that_only_start_like_an_image(string what, byte[] bytes) =>
        Assert.True(BrandingRules.SniffImage(bytes) is null, what);

    public static TheoryData<string, byte[]> MalformedPngs()
    {
        var header = TestImages.Header(2, 2, colourType: 2);
        var data = TestImages.Png(2, 2, 9, 9, 9)[41..^16]; // the IDAT chunk's zlib stream
        var text = ("tEXt", "Comment\0hi"u8.ToArray());
        return new()
        {
            { "a second IHDR header", TestImages.PngOf(("IHDR", header), ("IHDR", header), ("IDAT", data), ("IEND", [])) },
            { "an unknown critical chunk", TestImages.PngOf(("IHDR", header), ("HTML", "<script>"u8.ToArray()), ("IDAT", data), ("IEND", [])) },
            { "a chunk type with the reserved bit set", TestImages.PngOf(("IHDR", header), ("tExt", "x"u8.ToArray()), ("IDAT", data), ("IEND", [])) },
            { "image data that is not a zlib stream", TestImages.PngOf(("IHDR", header), ("IDAT", "<html>"u8.ToArray()), ("IEND", [])) },
            { "image data whose zlib header is split and wrong", TestImages.PngOf(("IHDR", header), ("IDAT", "<"u8.ToArray()), ("IDAT", "html>"u8.ToArray()), ("IEND", [])) },
            { "image data of one byte", TestImages.PngOf(("IHDR", header), ("IDAT", data[..1]), ("IEND", [])) },
            { "image data split by another chunk", TestImages.PngOf(("IHDR", header), ("IDAT", data[..4]), text, ("IDAT", data[4..]), ("IEND", [])) },
            { "a palette image without its palette", TestImages.PngOf(("IHDR", TestImages.Header(2, 2, colourType: 3)), ("IDAT", data), ("IEND", [])) },
            { "a palette after the image data", TestImages.PngOf(("IHDR", header), ("IDAT", data), ("PLTE", [1, 2, 3]), ("IEND", [])) },
            { "a palette whose length is not whole colours", TestImages.PngOf(("IHDR", header), ("PLTE", [1, 2]), ("IDAT", data), ("IEND", [])) },
            { "an IEND chunk carrying data", TestImages.PngOf(("IHDR", header), ("IDAT", data), ("IEND", "<b>"u8.ToArray())) },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedPngs))]
    public void Refuse_a_png_whose_chunks_break_the_format(string what, byte[] bytes) =>
        Assert.True(BrandingRules.SniffImage(bytes) is null, what);

    [Fact]
    public void Accept_a_png_with_ancillary_chunks_a_palette_and_image_data_in_several_chunks()
    {
        var header = TestImages.Header(2, 2, colourType: 2);
        var data = TestImages.Png(2, 2, 9, 9, 9)[41..^16];

        Assert.Equal("image/png", BrandingRules.SniffImage(TestImages.PngOf(
            ("IHDR", header), ("tEXt", "Comment\0hi"u8.ToArray()), ("PLTE", [1, 2, 3]), ("IDAT", data[..4]), ("IDAT", data[4..]), ("tIME", new byte[7]), ("IEND", []))));
        Assert.Equal("image/png", BrandingRules.SniffImage(TestImages.PngOf(
            ("IHDR", TestImages.Header(2, 2, colourType: 3)), ("PLTE", [1, 2, 3, 4, 5, 6]), ("IDAT", data), ("IEND", []))));
        Assert.Equal("image/png", BrandingRules.SniffImage(TestImages.PngOf(
            ("IHDR", header), ("IDAT", []), ("IDAT", data[..1]), ("IDAT", data[1..]), ("IEND", []))));
    }

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

    // A title reaches every user of the tenant and MSP staff: nothing in it may reorder or break the text around it.
    [Theory]
    [InlineData("Acme \u202EcitsoR")]
    [InlineData("Acme\u2066IT\u2069")]
    [InlineData("Acme\u200F IT")]
    [InlineData("Acme\nIT")]
    [InlineData("Acme\u0007IT")]
    public void Refuse_a_title_with_control_or_bidirectional_formatting_characters(string title)
    {
        var refused = Assert.Throws<InvalidBrandingException>(() => new MspHub.Branding { Title = title });

        Assert.Contains("plain text on one line", refused.Message, StringComparison.Ordinal);
        Assert.Equal("Acme IT – Zürich 東京", new MspHub.Branding { Title = "Acme IT – Zürich 東京" }.Title);
    }
}
