using System.IO.Compression;
using RecSys.Data;

namespace RecSys.Tests.Data;

/// <summary>ML-1M's ratings are not available here: a small ratings.dat beside the real movies.dat and users.dat.</summary>
public class MovieLens1MTests
{
    static readonly string RealFiles = Path.Combine(TestPaths.SharedData, "ml-1m-partial");

    static TempFolder FolderWithRatings(params string[] ratingLines)
    {
        var folder = new TempFolder();
        File.Copy(Path.Combine(RealFiles, "movies.dat"), folder.File("movies.dat"));
        File.Copy(Path.Combine(RealFiles, "users.dat"), folder.File("users.dat"));
        File.WriteAllLines(folder.File("ratings.dat"), ratingLines);
        return folder;
    }

    [Fact]
    public void Reads_the_format_from_a_folder()
    {
        using TempFolder folder = FolderWithRatings("1::1193::5::978300760", "1::661::3::978302109", "6040::3952::4::956704887");
        MovieLensDataset data = MovieLens1M.Read(folder.Path);

        Assert.Equal(3, data.Ratings.Length);
        Assert.Equal(6_040, data.UserCount);
        Assert.Equal(3_883, data.ItemCount);
        Assert.Equal(new Rating(0, data.ItemIds.ToIndex(1193), 5f, 978300760), data.Ratings[0]);
        Assert.Equal(data.UserCount - 1, data.Ratings[2].UserIndex);
        Assert.Equal(data.ItemCount - 1, data.Ratings[2].ItemIndex);

        Movie toyStory = data.Items[0];
        Assert.Equal("Toy Story (1995)", toyStory.Title);
        Assert.Equal(new[] { "Animation", "Children's", "Comedy" }, toyStory.Genres);
        User first = data.Users[0];
        Assert.Equal(new User(1, 1, "F", "K-12 student", "48067"), first);
    }

    [Fact]
    public void Decodes_movies_dat_as_ISO_8859_1()
    {
        using TempFolder folder = FolderWithRatings("1::1193::5::978300760");
        MovieLensDataset data = MovieLens1M.Read(folder.Path);
        Assert.Contains(data.Items, m => m.Title.Contains('é'));
        Assert.DoesNotContain(data.Items, m => m.Title.Contains('\uFFFD'));
    }

    [Fact]
    public void Reads_the_same_from_a_zip_but_Load_rejects_a_partial_archive()
    {
        using TempFolder folder = FolderWithRatings("1::1193::5::978300760", "2::1357::5::978298709");
        using var cache = new TempFolder();
        using (ZipArchive zip = ZipFile.Open(cache.File("ml-1m.zip"), ZipArchiveMode.Create))
            foreach (string file in Directory.GetFiles(folder.Path))
                zip.CreateEntryFromFile(file, "ml-1m/" + Path.GetFileName(file));

        Assert.Equal(2, MovieLens1M.Read(cache.File("ml-1m.zip")).Ratings.Length);
        var error = Assert.Throws<DatasetException>(() => MovieLens1M.Load(cache.Path));
        Assert.Contains("ratings.dat has 2 lines, not 1000209", error.Message);
    }

    [Fact]
    public void A_rating_of_an_unknown_film_is_an_error()
    {
        using TempFolder folder = FolderWithRatings("1::99999::5::978300760");
        var error = Assert.Throws<DatasetException>(() => MovieLens1M.Read(folder.Path));
        Assert.Equal("ratings.dat: item id 99999 is not in the items file.", error.Message);
    }

    [Fact]
    public void A_rating_out_of_range_is_an_error()
    {
        using TempFolder folder = FolderWithRatings("1::1193::9::978300760");
        var error = Assert.Throws<DatasetException>(() => MovieLens1M.Read(folder.Path));
        Assert.Contains("\"9\" is not a rating between 0.5 and 5", error.Message);
    }
}
