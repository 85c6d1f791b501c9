namespace RecSys.Data;

/// <summary>
/// One rating. <see cref="UserIndex"/> and <see cref="ItemIndex"/> are contiguous 0-based indices
/// (see <see cref="MovieLensDataset.UserIds"/> and <see cref="MovieLensDataset.ItemIds"/> for the raw ids);
/// <see cref="Timestamp"/> is in seconds since 1970-01-01 UTC.
/// </summary>
public readonly record struct Rating(int UserIndex, int ItemIndex, float Value, long Timestamp);

/// <summary>A film with its raw MovieLens id, its title as published (year included), the year, and its genres.</summary>
public sealed record Movie(int Id, string Title, int? Year, IReadOnlyList<string> Genres);

/// <summary>
/// A user with the demographics MovieLens publishes. In ML-1M <see cref="Age"/> is the lower bound of an age
/// bracket (1 means under 18, 18 means 18–24, …); in ML-100K it is the age in years.
/// </summary>
public sealed record User(int Id, int Age, string Gender, string Occupation, string ZipCode);
