using RecSys.Data;

namespace RecSys.Tests.Data;

public class MovieLens100KTests
{
    readonly MovieLensDataset data = SharedData.MovieLens100K;

    [Fact]
    public void Has_the_published_counts()
    {
        Assert.Equal(100_000, data.Ratings.Length);
        Assert.Equal(943, data.UserCount);
        Assert.Equal(1_682, data.ItemCount);
        Assert.Equal(943, data.Ratings.Select(r => r.UserIndex).Distinct().Count());
        Assert.Equal(1_682, data.Ratings.Select(r => r.ItemIndex).Distinct().Count());
        Assert.Equal(0.063046, data.Density, 5);
    }

    [Fact]
    public void Maps_ids_to_indices_and_back()
    {
        for (int index = 0; index < data.ItemCount; index++)
            Assert.Equal(index, data.ItemIds.ToIndex(data.ItemIds.ToId(index)));
        Assert.Equal(0, data.UserIds.ToIndex(1));
        Assert.Equal(942, data.UserIds.ToIndex(943));
        // The first line of u.data is "196 242 3 881250949".
        Assert.Equal(new Rating(data.UserIds.ToIndex(196), data.ItemIds.ToIndex(242), 3f, 881250949), data.Ratings[0]);
    }

    [Fact]
    public void An_unknown_id_gets_an_error_that_says_which_ids_exist()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => data.UserIds.ToIndex(944));
        Assert.Contains("Unknown user id 944: this dataset has 943 users with ids from 1 to 943", error.Message);
    }

    [Fact]
    public void Reads_titles_years_and_genres()
    {
        Movie toyStory = data.Items[data.ItemIds.ToIndex(1)];
        Assert.Equal("Toy Story (1995)", toyStory.Title);
        Assert.Equal(1995, toyStory.Year);
        Assert.Equal(new[] { "Animation", "Children's", "Comedy" }, toyStory.Genres);
        Assert.Equal(19, data.Genres.Count);
        Assert.Equal("unknown", data.Genres[0]);
        Assert.Equal("Western", data.Genres[18]);
    }

    [Fact]
    public void Decodes_titles_as_ISO_8859_1()
    {
        Assert.Equal("Misérables, Les (1995)", data.Items[data.ItemIds.ToIndex(543)].Title);
        Assert.Equal("Á köldum klaka (Cold Fever) (1994)", data.Items[data.ItemIds.ToIndex(1633)].Title);
        Assert.Equal(9, data.Items.Count(m => m.Title.Any(c => c > 127)));
        Assert.DoesNotContain(data.Items, m => m.Title.Contains('\uFFFD'));
    }

    [Fact]
    public void The_five_official_folds_partition_the_ratings()
    {
        var allTests = new List<Rating>();
        for (int fold = 1; fold <= 5; fold++)
        {
            (Rating[] train, Rating[] test) = MovieLens100K.OfficialFold(data, fold);
            Assert.Equal(80_000, train.Length);
            Assert.Equal(20_000, test.Length);
            Assert.Empty(train.Intersect(test));
            allTests.AddRange(test);
        }
        static (int, int) Key(Rating r) => (r.UserIndex, r.ItemIndex);
        Assert.Equal(data.Ratings.OrderBy(Key), allTests.OrderBy(Key));
        Assert.Throws<ArgumentOutOfRangeException>(() => MovieLens100K.OfficialFold(data, 6));
    }

    [Fact]
    public void DataFrames_hold_raw_ids()
    {
        var ratings = data.RatingsFrame();
        Assert.Equal(100_000, ratings.Rows.Count);
        Assert.Equal(new[] { "user_id", "item_id", "rating", "timestamp" }, ratings.Columns.Select(c => c.Name));
        Assert.Equal(196, ratings.Columns["user_id"][0]);
        var items = data.ItemsFrame();
        Assert.Equal(1_682, items.Rows.Count);
        Assert.Equal("Animation|Children's|Comedy", items.Columns["genres"][0]);
        Assert.Equal(943, data.UsersFrame().Rows.Count);
    }

    [Fact]
    public void Accepts_a_genuine_rezipped_archive_by_its_content()
    {
        // The shared copy is re-zipped: its MD5 is not the official one, its u.data is byte-identical.
        Assert.NotEqual(MovieLens100K.OfficialArchiveMd5, Checksums.Md5OfFile(SharedData.Archive100K));
        Assert.Null(MovieLens100K.VerifyArchive(SharedData.Archive100K));
    }
}
