using Microsoft.Data.Analysis;

namespace RecSys.Data;

/// <summary>
/// A loaded MovieLens dataset: ratings with 0-based user and item indices, the films and users in index order,
/// and the maps back to raw ids. Typed arrays for fast loops; DataFrames for exploring.
/// </summary>
public sealed class MovieLensDataset
{
    public MovieLensDataset(string name, Rating[] ratings, Movie[] items, User[] users, IReadOnlyList<string> genres, string sourcePath)
    {
        Name = name;
        Ratings = ratings;
        Items = items;
        Users = users;
        Genres = genres;
        SourcePath = sourcePath;
        ItemIds = new IdMap("item", items.Select(m => m.Id));
        UserIds = new IdMap("user", users.Select(u => u.Id));
    }

    /// <summary>"ml-100k" or "ml-1m".</summary>
    public string Name { get; }

    /// <summary>Every rating, in the order of the data file.</summary>
    public Rating[] Ratings { get; }

    /// <summary>The films: <c>Items[i]</c> is item index <c>i</c>.</summary>
    public IReadOnlyList<Movie> Items { get; }

    /// <summary>The users: <c>Users[u]</c> is user index <c>u</c>.</summary>
    public IReadOnlyList<User> Users { get; }

    /// <summary>The genre names, in the order the dataset lists them.</summary>
    public IReadOnlyList<string> Genres { get; }

    public IdMap UserIds { get; }

    public IdMap ItemIds { get; }

    /// <summary>The file the data was read from (archive or folder).</summary>
    public string SourcePath { get; }

    public int UserCount => Users.Count;

    public int ItemCount => Items.Count;

    /// <summary>The share of the user × item matrix that holds a rating.</summary>
    public double Density => (double)Ratings.Length / ((double)UserCount * ItemCount);

    public string Title(int itemIndex) => Items[itemIndex].Title;

    /// <summary>The index of the film with exactly this title, e.g. "Toy Story (1995)".</summary>
    public int ItemIndexOf(string title)
    {
        for (int i = 0; i < Items.Count; i++)
            if (Items[i].Title == title) return i;
        string[] near = Items.Where(m => m.Title.Contains(title.Split(' ')[0], StringComparison.OrdinalIgnoreCase)).Take(5).Select(m => $"\"{m.Title}\"").ToArray();
        throw new ArgumentException($"No film is titled \"{title}\" in {Name}." + (near.Length > 0 ? $" Similar titles: {string.Join(", ", near)}." : ""), nameof(title));
    }

    /// <summary>Ratings as a DataFrame with raw ids: user_id, item_id, rating, timestamp.</summary>
    public DataFrame RatingsFrame() => new(
        new PrimitiveDataFrameColumn<int>("user_id", Ratings.Select(r => UserIds.ToId(r.UserIndex))),
        new PrimitiveDataFrameColumn<int>("item_id", Ratings.Select(r => ItemIds.ToId(r.ItemIndex))),
        new PrimitiveDataFrameColumn<float>("rating", Ratings.Select(r => r.Value)),
        new PrimitiveDataFrameColumn<long>("timestamp", Ratings.Select(r => r.Timestamp)));

    /// <summary>Films as a DataFrame: item_id, title, year, genres (joined with '|').</summary>
    public DataFrame ItemsFrame() => new(
        new PrimitiveDataFrameColumn<int>("item_id", Items.Select(m => m.Id)),
        new StringDataFrameColumn("title", Items.Select(m => m.Title)),
        new PrimitiveDataFrameColumn<int>("year", Items.Select(m => m.Year)),
        new StringDataFrameColumn("genres", Items.Select(m => string.Join('|', m.Genres))));

    /// <summary>Users as a DataFrame: user_id, age, gender, occupation, zip.</summary>
    public DataFrame UsersFrame() => new(
        new PrimitiveDataFrameColumn<int>("user_id", Users.Select(u => u.Id)),
        new PrimitiveDataFrameColumn<int>("age", Users.Select(u => u.Age)),
        new StringDataFrameColumn("gender", Users.Select(u => u.Gender)),
        new StringDataFrameColumn("occupation", Users.Select(u => u.Occupation)),
        new StringDataFrameColumn("zip", Users.Select(u => u.ZipCode)));

    public override string ToString() =>
        $"{Name}: {Ratings.Length:N0} ratings, {UserCount:N0} users, {ItemCount:N0} items, density {Density:P2}";
}
