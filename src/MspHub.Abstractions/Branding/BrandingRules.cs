using System.Buffers;

namespace MspHub;

/// <summary>What branding accepts: colours as <c>#rrggbb</c>, short titles, and logos that are real PNG or JPEG images of bounded size.</summary>
public static class BrandingRules
{
    /// <summary>The longest title allowed.</summary>
    public const int MaxTitleLength = 100;

    /// <summary>The largest logo accepted unless <see cref="MspHubOptions.MaxLogoBytes"/> says otherwise: 256 KiB.</summary>
    public const int DefaultMaxLogoBytes = 256 * 1024;

    /// <summary>The widest and highest logo accepted, in pixels.</summary>
    public const int MaxLogoDimension = 4096;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>
    /// The content type of <paramref name="image"/> judged by its bytes, never by a name or a declared type:
    /// <c>image/png</c> or <c>image/jpeg</c> when the whole file has the structure of one and its header (PNG's
    /// IHDR, JPEG's SOF) gives 1 to <see cref="MaxLogoDimension"/> pixels each way; else <see langword="null"/>.
    /// A valid signature followed by anything else (HTML, say) is refused. SVG is not accepted: it is a document
    /// that can carry scripts and links, and sanitising it safely is harder than refusing it.
    /// </summary>
    public static string? SniffImage(ReadOnlySpan<byte> image) => LogoImage.Read(image).ContentType;

    internal static string? Color(string? value, string what) =>
        value is null
            ? null
            : value.Length == 7 && value[0] == '#' && !value.AsSpan(1).ContainsAnyExcept(HexDigits)
                ? value.ToLowerInvariant()
                : throw new InvalidBrandingException(value.Length <= 16
                    ? $"{what} must be a colour as #rrggbb, such as #1a73e8; '{value}' is not."
                    : $"{what} must be a colour as #rrggbb, such as #1a73e8; the value given has {value.Length} characters.");

    // A title is shown to every user of the tenant and to MSP staff, so it is plain text on one line (Guard.IsPlainLine).
    internal static string? Title(string? value) =>
        value is null ? null
        : string.IsNullOrWhiteSpace(value) ? throw new InvalidBrandingException("A branding title must not be blank; leave it unset (null) to inherit the MSP's.")
        : value.Length > MaxTitleLength ? throw new InvalidBrandingException($"A branding title must be at most {MaxTitleLength} characters long (this one has {value.Length}).")
        : !Guard.IsPlainLine(value)
            ? throw new InvalidBrandingException("A branding title must be plain text on one line: no control characters, line breaks, bidirectional formatting or invisible characters.")
        : value;
}
