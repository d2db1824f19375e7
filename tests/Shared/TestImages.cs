using System.Buffers.Binary;
using System.IO.Compression;

namespace MspHub.Tests;

/// <summary>Small real PNG files (and JPEG structures), made here so the tests carry no binary fixtures.</summary>
public static class TestImages
{
    /// <summary>A PNG signature followed by more bytes than <see cref="BrandingRules.DefaultMaxLogoBytes"/> allows.</summary>
    public static byte[] Oversized()
    {
        var bytes = new byte[BrandingRules.DefaultMaxLogoBytes + 1];
        Png(1, 1, 0, 0, 0).CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>A solid-colour RGB PNG of the given size.</summary>
    public static byte[] Png(int width, int height, byte red, byte green, byte blue)
    {
        var raw = new byte[height * (1 + (width * 3))];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + (width * 3)); // each row starts with filter type 0
            for (var x = 0; x < width; x++)
            {
                raw[row + 1 + (x * 3)] = red;
                raw[row + 2 + (x * 3)] = green;
                raw[row + 3 + (x * 3)] = blue;
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return PngOf(("IHDR", Header(width, height, colourType: 2)), ("IDAT", compressed.ToArray()), ("IEND", []));
    }

    /// <summary>An IHDR chunk's data: the size, bit depth 8, the colour type (2 truecolour, 3 palette), no interlace.</summary>
    public static byte[] Header(int width, int height, byte colourType)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = colourType;
        return header;
    }

    /// <summary>A PNG signature followed by exactly these chunks, each with its length and a correct checksum.</summary>
    public static byte[] PngOf(params (string Type, byte[] Data)[] chunks)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        foreach (var (type, data) in chunks)
        {
            Chunk(png, type, data);
        }

        return png.ToArray();
    }

    /// <summary>
    /// The structure of a baseline JPEG of the given size: SOI, a JFIF header, a frame header (SOF0), a scan and
    /// EOI. It has no tables, so it is not decodable; it is what a structural check reads.
    /// </summary>
    public static byte[] Jpeg(int width, int height) =>
    [
        0xFF, 0xD8,
        0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
        0xFF, 0xC0, 0x00, 0x0B, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x01, 0x01, 0x11, 0x00,
        0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00,
        0x12, 0x34, 0x56,
        0xFF, 0xD9,
    ];

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typeAndData = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        png.Write(number);
    }

    // PNG's CRC-32 (ISO-HDLC polynomial), bit by bit: the images are tiny.
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
