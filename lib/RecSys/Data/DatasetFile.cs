namespace RecSys.Data;

/// <summary>
/// One downloadable dataset file: its name in the cache, where it comes from, and how to tell a genuine copy.
/// <see cref="Verify"/> returns null for a genuine file, or what is wrong with it.
/// </summary>
public sealed record DatasetFile(string FileName, Uri Url, Func<string, string?> Verify)
{
    /// <summary>Shown in errors: the page that describes the dataset and its licence.</summary>
    public string? HomePage { get; init; }
}
