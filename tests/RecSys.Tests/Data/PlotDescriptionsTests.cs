using RecSys.Data;

namespace RecSys.Tests.Data;

public class PlotDescriptionsTests
{
    readonly PlotDescriptions plots = PlotDescriptions.Load(SharedData.MovieLens100K, TestPaths.SharedData);

    [Fact]
    public void Drops_placeholders_and_entries_about_another_film()
    {
        Assert.Equal(1_591, plots.Entries);
        Assert.Equal(51, plots.Placeholders);
        Assert.Equal(1_456, plots.Count);
        Assert.Equal(plots.Entries - plots.Placeholders - plots.OtherFilm, plots.Count);
    }

    [Fact]
    public void Keys_descriptions_by_item_index()
    {
        var data = SharedData.MovieLens100K;
        Assert.StartsWith("The story of T.E. Lawrence", plots[data.ItemIds.ToIndex(511)]);
        // "Star Wars (1977)" was scraped from a 2017 title: treated as missing.
        Assert.Null(plots[data.ItemIds.ToIndex(50)]);
    }

    [Fact]
    public void Rejects_a_file_with_another_checksum()
    {
        using var cache = new TempFolder();
        File.WriteAllText(cache.File("movielens100k_details.json"), "[]");
        var error = Assert.Throws<DatasetException>(() => PlotDescriptions.Load(SharedData.MovieLens100K, cache.Path));
        Assert.Contains("is not a genuine copy", error.Message);
    }
}
