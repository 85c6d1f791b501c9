using System.Security.Cryptography;

namespace RecSys.Data;

/// <summary>Lower-case hexadecimal MD5 and SHA-256 digests, as dataset pages publish them.</summary>
public static class Checksums
{
    public static string Md5OfFile(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexString(MD5.HashData(stream)).ToLowerInvariant();
    }

    public static string Sha256OfFile(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Sha256(stream);
    }

    public static string Sha256(Stream stream) => Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
