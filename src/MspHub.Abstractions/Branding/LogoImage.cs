using System.Buffers.Binary;

namespace MspHub;

/// <summary>
/// Reads enough of a PNG or JPEG to know it is one: the structure from the first byte to the last, and a
/// header with sane dimensions (PNG's IHDR, JPEG's SOF). It decodes no pixels. A file with a valid
/// signature followed by anything else (HTML, a script, a second file) is refused, so a logo URL never
/// serves a document.
/// </summary>
internal static class LogoImage
{
    private static readonly uint[] CrcTable = CreateCrcTable();

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The content type of <paramref name="image"/>, or <see langword="null"/> with the reason it is refused.</summary>
    public static (string? ContentType, string? Refusal) Read(ReadOnlySpan<byte> image) =>
        image.StartsWith(PngSignature) ? Png(image)
        : image.Length >= 2 && image[0] == 0xFF && image[1] == 0xD8 ? Jpeg(image)
        : (null, "it is neither a PNG nor a JPEG");

    // The chunk layout the PNG specification requires, not only what a viewer tolerates: one IHDR first, a palette
    // exactly where the colour type needs one and before the data, the data chunks in one run opening a zlib stream,
    // IEND last; an ancillary chunk (lower-case first letter) may be anything, an unknown critical one is refused.
    private static (string?, string?) Png(ReadOnlySpan<byte> image)
    {
        var at = PngSignature.Length;
        var (colour, seenPalette, dataRun) = (0, false, DataRun.NotYet);
        Span<byte> zlib = stackalloc byte[2]; // the stream's first two bytes, which may be split across IDAT chunks
        var zlibRead = 0;
        for (var index = 0; ; index++)
        {
            if (image.Length - at < 12)
            {
                return (null, "the PNG ends inside a chunk, before its IEND chunk");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(image[at..]);
            if (length > (uint)(image.Length - at - 12))
            {
                return (null, "a PNG chunk is longer than the file");
            }

            var type = image.Slice(at + 4, 4);
            var data = image.Slice(at + 8, (int)length);
            if (!IsChunkType(type) || BinaryPrimitives.ReadUInt32BigEndian(image[(at + 8 + (int)length)..]) != Crc(image.Slice(at + 4, 4 + (int)length)))
            {
                return (null, "a PNG chunk is damaged (its type or checksum is wrong)");
            }

            if ((index == 0) != type.SequenceEqual("IHDR"u8))
            {
                return (null, index == 0 ? "the PNG does not start with an IHDR header" : "the PNG has a second IHDR header");
            }

            if (index == 0)
            {
                if (Header(data) is { } refusal)
                {
                    return (null, refusal);
                }

                colour = data[9];
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                if (seenPalette || dataRun != DataRun.NotYet || colour is 0 or 4 || length == 0 || length % 3 != 0 || length > 768)
                {
                    return (null, "the PNG's palette (PLTE) is misplaced, repeated or malformed");
                }

                seenPalette = true;
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                if (dataRun == DataRun.Ended)
                {
                    return (null, "the PNG's image data (IDAT) is split by other chunks");
                }

                if (dataRun == DataRun.NotYet && colour == 3 && !seenPalette)
                {
                    return (null, "the PNG uses a palette it does not have");
                }

                var header = data[..Math.Min(data.Length, zlib.Length - zlibRead)];
                header.CopyTo(zlib[zlibRead..]);
                zlibRead += header.Length;
                if (header.Length > 0 && zlibRead == zlib.Length && !IsZlibHeader(zlib))
                {
                    return (null, "the PNG's image data is not a zlib stream");
                }

                dataRun = DataRun.Open;
            }
            else
            {
                dataRun = dataRun == DataRun.Open ? DataRun.Ended : dataRun;
                if (char.IsAsciiLetterUpper((char)type[0]) && !type.SequenceEqual("IEND"u8))
                {
                    return (null, "the PNG has a critical chunk no PNG reader knows");
                }
            }

            at += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8))
            {
                return at != image.Length ? (null, "the PNG has bytes after its IEND chunk")
                    : dataRun == DataRun.NotYet || zlibRead < zlib.Length ? (null, "the PNG has no image data")
                    : length != 0 ? (null, "the PNG's IEND chunk is not empty")
                    : ("image/png", null);
            }
        }
    }

    private enum DataRun
    {
        NotYet,
        Open,
        Ended,
    }

    // RFC 1950: deflate (method 8) with a window of at most 32 KiB, a header checksum that divides by 31, and no preset dictionary.
    private static bool IsZlibHeader(ReadOnlySpan<byte> data) =>
        data.Length >= 2 && (data[0] & 0x0F) == 8 && data[0] >> 4 <= 7 && ((data[0] << 8) | data[1]) % 31 == 0 && (data[1] & 0x20) == 0;

    // IHDR: width, height, bit depth, colour type, compression, filter, interlace.
    private static string? Header(ReadOnlySpan<byte> data)
    {
        if (data.Length != 13)
        {
            return "the PNG's IHDR header is not 13 bytes long";
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(data);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        if (Dimensions((long)width, height) is { } refusal)
        {
            return refusal;
        }

        var (depth, colour) = (data[8], data[9]);
        var valid = colour switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        return !valid || data[10] != 0 || data[11] != 0 || data[12] > 1 ? "the PNG's IHDR header holds values no PNG has" : null;
    }

    private static (string?, string?) Jpeg(ReadOnlySpan<byte> image)
    {
        var at = 2;
        var seenFrame = false;
        while (true)
        {
            if (image.Length - at < 4 || image[at] != 0xFF)
            {
                return (null, "the JPEG's segments do not follow one another");
            }

            var marker = image[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte
                continue;
            }

            if (marker is 0xD8 or 0xD9 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                return (null, "the JPEG holds a marker where a header segment belongs");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(image[(at + 2)..]);
            if (length < 2 || length > image.Length - at - 2)
            {
                return (null, "a JPEG segment is longer than the file");
            }

            var segment = image.Slice(at + 4, length - 2);
            if (IsStartOfFrame(marker))
            {
                if (seenFrame)
                {
                    return (null, "the JPEG has two frame headers");
                }

                if (Frame(segment) is { } refusal)
                {
                    return (null, refusal);
                }

                seenFrame = true;
            }

            at += 2 + length;
            if (marker == 0xDA)
            {
                // Entropy-coded data follows the scan header; the file must end where the image does.
                return !seenFrame ? (null, "the JPEG's scan starts before its frame header (SOF)")
                    : !image.EndsWith((ReadOnlySpan<byte>)[0xFF, 0xD9]) ? (null, "the JPEG has bytes after its end marker, or none")
                    : ("image/jpeg", null);
            }
        }
    }

    // SOF: precision, height, width, components, then three bytes per component.
    private static string? Frame(ReadOnlySpan<byte> segment)
    {
        if (segment.Length < 6 || segment.Length != 6 + (3 * segment[5]) || segment[5] is < 1 or > 4 || segment[0] is not (8 or 12 or 16))
        {
            return "the JPEG's frame header (SOF) holds values no JPEG has";
        }

        return Dimensions(BinaryPrimitives.ReadUInt16BigEndian(segment[3..]), BinaryPrimitives.ReadUInt16BigEndian(segment[1..]));
    }

    private static string? Dimensions(long width, long height) =>
        width is >= 1 and <= BrandingRules.MaxLogoDimension && height is >= 1 and <= BrandingRules.MaxLogoDimension
            ? null
            : $"a logo is 1 to {BrandingRules.MaxLogoDimension} pixels wide and high; this one says {width}×{height}";

    // Baseline, extended, progressive and lossless frames, Huffman or arithmetic; not DHT (C4), JPG (C8) or DAC (CC).
    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    // Four ASCII letters, the third upper-case (its lower-case form is reserved).
    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }

        return char.IsAsciiLetterUpper((char)type[2]);
    }

    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] CreateCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
