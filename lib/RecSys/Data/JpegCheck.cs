using System.Text;

namespace RecSys.Data;

/// <summary>
/// Tells a whole JPEG file from anything else a download can bring: an HTML error page, an empty body, a file cut
/// short. A JPEG starts with the marker FF D8 FF and ends with FF D9; a check of both ends catches all three without
/// decoding (the decoder, <see cref="PosterPixels"/>, reports any file it still cannot read).
/// </summary>
public static class JpegCheck
{
    /// <summary>Null for a whole JPEG, else what is wrong with the bytes.</summary>
    public static string? Problem(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return "it is empty";
        if (bytes.Length < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 || bytes[2] != 0xFF)
            return $"it is not a JPEG: it does not start with the JPEG marker FF D8 FF but with {Beginning(bytes)}";
        ReadOnlySpan<byte> body = bytes.TrimEnd(Padding);
        if (body.Length < 2 || body[^2] != 0xFF || body[^1] != 0xD9)
            return "it is cut short: it does not end with the JPEG end marker FF D9";
        return null;
    }

    /// <summary>Null for a whole JPEG file, else what is wrong with it.</summary>
    public static string? ProblemWithFile(string path) => Problem(File.ReadAllBytes(path));

    /// <summary>Some encoders pad a file after its end marker.</summary>
    static ReadOnlySpan<byte> Padding => new byte[] { 0x00, 0x0A, 0x0D, 0x20 };

    /// <summary>The first bytes, as text when they are text (an HTML page), else in hexadecimal.</summary>
    static string Beginning(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> head = bytes[..Math.Min(bytes.Length, 24)];
        bool printable = true;
        foreach (byte b in head) printable &= b is >= 0x20 and < 0x7F or (byte)'\n' or (byte)'\r' or (byte)'\t';
        return printable
            ? $"\"{Encoding.ASCII.GetString(head).ReplaceLineEndings(" ")}\""
            : Convert.ToHexString(head[..Math.Min(head.Length, 8)]);
    }
}
