using RecSys.Data;
using SkiaSharp;
using TorchSharp;

namespace RecSys.Tests.Data;

/// <summary>Decoding posters to pixels: layout and values checked on images drawn here, the cache on the real posters.</summary>
[Collection(PosterCollection.Name)]
public class PosterPixelsTests(ExtractedPosters extracted)
{
    /// <summary>A JPEG of <paramref name="width"/> × <paramref name="height"/>: top half red, bottom half blue.</summary>
    static void WriteRedOverBlue(string path, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.DrawRect(0, 0, width, height / 2f, new SKPaint { Color = new SKColor(255, 0, 0) });
            canvas.DrawRect(0, height / 2f, width, height / 2f, new SKPaint { Color = new SKColor(0, 0, 255) });
        }
        using SKData jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        File.WriteAllBytes(path, jpeg.ToArray());
    }

    [Fact]
    public void Decodes_to_channels_rows_and_columns_in_zero_to_one()
    {
        using var folder = new TempFolder();
        WriteRedOverBlue(folder.File("poster.jpg"), 200, 300); // a poster's 2:3 shape
        const int size = 8;
        float[] image = PosterPixels.DecodeFile(folder.File("poster.jpg"), size);

        Assert.Equal(3 * size * size, image.Length);
        float At(int channel, int row, int column) => image[channel * size * size + row * size + column];
        for (int column = 0; column < size; column++)
        {
            // The whole poster is squeezed into the square: the top row is red, the bottom row blue.
            Assert.InRange(At(0, 0, column), 0.9f, 1f);
            Assert.InRange(At(2, 0, column), 0f, 0.1f);
            Assert.InRange(At(0, size - 1, column), 0f, 0.1f);
            Assert.InRange(At(2, size - 1, column), 0.9f, 1f);
            Assert.InRange(At(1, 0, column), 0f, 0.1f); // no green anywhere
        }
        Assert.All(image, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void A_file_that_cannot_be_decoded_is_named()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("bad.jpg"), "not an image");
        var error = Assert.Throws<DatasetException>(() => PosterPixels.DecodeFile(folder.File("bad.jpg"), 16));
        Assert.Contains($"The poster {folder.File("bad.jpg")} cannot be decoded", error.Message);
    }

    [Fact]
    public void Decodes_every_poster_once_and_reads_the_cache_the_second_time()
    {
        MoviePosters posters = extracted.Posters;
        var progress = new StringWriter();
        PosterPixels first = PosterPixels.Decode(posters, size: 16, progress);
        PosterPixels second = PosterPixels.Decode(posters, size: 16, TextWriter.Null);

        Assert.False(first.FromCache);
        Assert.Contains("Decoding 1,420 posters to 16×16 pixels", progress.ToString());
        Assert.True(second.FromCache);
        Assert.Equal(first.CachePath, second.CachePath);
        Assert.Equal(first.Values, second.Values);
        Assert.Equal(1_682 * 3 * 16 * 16, first.Values.Length);
        Assert.Equal(Enumerable.Range(0, posters.ItemCount).Select(posters.HasPoster), first.HasPoster);
        Assert.Equal(1_420, first.HasPoster.Count(h => h));

        // Films without a poster are black; films with one are not.
        for (int item = 0; item < first.ItemCount; item++)
            Assert.Equal(!first.HasPoster[item], first.Image(item).All(v => v == 0f));
        // The decoded array is the decoder's output, poster by poster.
        int toyStory = SharedData.MovieLens100K.ItemIds.ToIndex(1);
        Assert.Equal(PosterPixels.DecodeFile(posters[toyStory]!, 16), second.Image(toyStory));

        using torch.Tensor tensor = second.ToTensor();
        Assert.Equal(new long[] { 1_682, 3, 16, 16 }, tensor.shape);
        Assert.Equal(torch.float32, tensor.dtype);
    }

    [Fact]
    public void Another_size_or_poster_set_is_decoded_afresh()
    {
        using var cache = new TempFolder();
        PosterTestData.WriteSmallArchive(cache.File("ml-100k-posters.zip"), keep: new[] { 1, 2 });
        MoviePosters posters = MoviePosters.Load(SharedData.MovieLens100K, cache.Path, TextWriter.Null);
        PosterPixels at12 = PosterPixels.Decode(posters, 12, TextWriter.Null);
        PosterPixels at10 = PosterPixels.Decode(posters, 10, TextWriter.Null);
        Assert.False(at10.FromCache);
        Assert.NotEqual(at12.CachePath, at10.CachePath);

        // A poster replaced by another image changes the key: the old cache file is not read.
        string goldenEye = posters[SharedData.MovieLens100K.ItemIds.ToIndex(2)]!;
        File.Copy(posters[SharedData.MovieLens100K.ItemIds.ToIndex(1)]!, goldenEye, overwrite: true);
        PosterPixels changed = PosterPixels.Decode(MoviePosters.Load(SharedData.MovieLens100K, cache.Path, TextWriter.Null), 12, TextWriter.Null);
        Assert.False(changed.FromCache);
        Assert.NotEqual(at12.CachePath, changed.CachePath);
    }

    [Fact]
    public void A_size_out_of_range_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PosterPixels.Decode(extracted.Posters, 4, TextWriter.Null));
}
