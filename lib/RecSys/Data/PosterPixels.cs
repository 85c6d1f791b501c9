using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SkiaSharp;
using TorchSharp;

namespace RecSys.Data;

/// <summary>
/// The posters as pixels a network can read: for every film (in item-index order) a size × size RGB image, laid out
/// [film, channel (R, G, B), row, column] with values in [0, 1] (byte / 255; no mean is subtracted, so a chapter
/// can standardise with statistics of its own training films). Each poster is stretched to the square as a whole
/// (posters are about 2:3, so all are squeezed alike and nothing is cropped away), decoded and resized by SkiaSharp:
/// the JPEG decoder first shrinks by a power of two in the frequency domain, then a Mitchell cubic filter gives the
/// exact size. A film without a poster is an all-zero (black) image with <see cref="HasPoster"/> false: use the flag,
/// not the pixels, to tell it apart.
/// <para>
/// Decoding takes seconds, so the array is kept on disk beside the posters, in a file named by the size and by a
/// SHA-256 of the poster set (every film's poster bytes): a rerun reads it back, and a changed poster set is decoded afresh.
/// </para>
/// </summary>
public sealed class PosterPixels
{
    /// <summary>Bumped whenever decoding changes, so an old cache file is not read as a new one.</summary>
    const string FormatVersion = "poster-pixels-v1";

    PosterPixels(int size, float[] values, bool[] hasPoster, string cachePath, bool fromCache)
    {
        Size = size;
        Values = values;
        HasPoster = hasPoster;
        CachePath = cachePath;
        FromCache = fromCache;
    }

    /// <summary>The side of each square image, in pixels.</summary>
    public int Size { get; }

    /// <summary>How many films (images) there are.</summary>
    public int ItemCount => HasPoster.Length;

    /// <summary>All pixels, [film, channel, row, column] flattened (row-major), values in [0, 1].</summary>
    public float[] Values { get; }

    /// <summary>Whether each film (by item index) has a poster; films without one are all-zero images.</summary>
    public bool[] HasPoster { get; }

    /// <summary>The file the pixels are kept in.</summary>
    public string CachePath { get; }

    /// <summary>True when this call read the cache file instead of decoding.</summary>
    public bool FromCache { get; }

    /// <summary>
    /// The pixels as a float32 tensor of shape [films, 3, Size, Size] on the CPU (a copy; the caller disposes it,
    /// or creates it inside a dispose scope).
    /// </summary>
    public torch.Tensor ToTensor() => torch.tensor(Values, new long[] { ItemCount, 3, Size, Size });

    /// <summary>The film's image as [3, Size, Size] values (a copy).</summary>
    public float[] Image(int itemIndex) => Values.AsSpan(itemIndex * 3 * Size * Size, 3 * Size * Size).ToArray();

    /// <summary>
    /// Decodes every poster to a <paramref name="size"/> × <paramref name="size"/> image, or reads the result of an
    /// earlier call with the same size and posters from the cache.
    /// </summary>
    public static PosterPixels Decode(MoviePosters posters, int size = 64, TextWriter? progress = null)
    {
        if (size is < 8 or > 1024) throw new ArgumentOutOfRangeException(nameof(size), size, "Choose an image size between 8 and 1024 pixels.");
        progress ??= Console.Out;
        bool[] hasPoster = Enumerable.Range(0, posters.ItemCount).Select(posters.HasPoster).ToArray();
        string cachePath = Path.Combine(posters.Folder, "pixels", $"{size}px-{PosterSetKey(posters)}.bin");
        if (File.Exists(cachePath)) return new PosterPixels(size, ReadCache(cachePath, hasPoster, size), hasPoster, cachePath, fromCache: true);

        progress.WriteLine($"Decoding {hasPoster.Count(h => h):N0} posters to {size}×{size} pixels (kept in {cachePath})");
        int imageLength = 3 * size * size;
        var values = new float[posters.ItemCount * imageLength];
        Parallel.For(0, posters.ItemCount, itemIndex =>
        {
            if (posters[itemIndex] is string path) DecodeInto(path, size, values.AsSpan(itemIndex * imageLength, imageLength));
        });
        WriteCache(cachePath, values);
        return new PosterPixels(size, values, hasPoster, cachePath, fromCache: false);
    }

    /// <summary>One image file as [3, size, size] values in [0, 1]; a clear error naming the file when it cannot be decoded.</summary>
    public static float[] DecodeFile(string path, int size)
    {
        var values = new float[3 * size * size];
        DecodeInto(path, size, values);
        return values;
    }

    static void DecodeInto(string path, int size, Span<float> target)
    {
        using SKBitmap decoded = DecodeShrunk(path, size);
        var square = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using SKBitmap resized = decoded.Resize(square, new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw new DatasetException($"The poster {path} could not be resized to {size}×{size}.");
        ReadOnlySpan<byte> rgba = resized.GetPixelSpan();
        int plane = size * size;
        for (int pixel = 0; pixel < plane; pixel++)
        {
            target[pixel] = rgba[4 * pixel] / 255f;
            target[plane + pixel] = rgba[4 * pixel + 1] / 255f;
            target[2 * plane + pixel] = rgba[4 * pixel + 2] / 255f;
        }
    }

    /// <summary>Decodes at the smallest scale the JPEG decoder offers that is still at least size × size.</summary>
    static SKBitmap DecodeShrunk(string path, int size)
    {
        using SKCodec codec = SKCodec.Create(path)
            ?? throw new DatasetException($"The poster {path} cannot be decoded: it is not an image SkiaSharp can read. Delete it and run again to fetch it anew.");
        SKSizeI full = codec.Info.Size;
        SKSizeI scaled = codec.GetScaledDimensions(Math.Min(1f, Math.Max((float)size / full.Width, (float)size / full.Height)));
        if (scaled.Width < size || scaled.Height < size) scaled = full;
        var info = new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        SKCodecResult result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new DatasetException($"The poster {path} cannot be decoded ({result}). Delete it and run again to fetch it anew.");
        }
        return bitmap;
    }

    /// <summary>SHA-256 over the format version and every film's poster bytes (or its absence), in item order.</summary>
    static string PosterSetKey(MoviePosters posters)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(FormatVersion));
        for (int itemIndex = 0; itemIndex < posters.ItemCount; itemIndex++)
        {
            hash.AppendData(BitConverter.GetBytes(itemIndex));
            if (posters[itemIndex] is string path) hash.AppendData(File.ReadAllBytes(path));
            else hash.AppendData(new byte[] { 0 });
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }

    /// <summary>Raw little-endian float32 values, written to a temporary file and moved into place.</summary>
    static void WriteCache(string path, float[] values)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = $"{path}.{Guid.NewGuid():N}.download";
        try
        {
            File.WriteAllBytes(temporary, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    static float[] ReadCache(string path, bool[] hasPoster, int size)
    {
        byte[] bytes = File.ReadAllBytes(path);
        long expected = (long)hasPoster.Length * 3 * size * size * sizeof(float);
        if (bytes.Length != expected)
            throw new DatasetException($"The decoded posters {path} hold {bytes.Length:N0} bytes, not {expected:N0}: delete the file and run again.");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
