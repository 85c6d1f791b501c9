namespace RecSys.Data;

/// <summary>
/// Puts one poster into the cache: checked to be a whole JPEG, written to a temporary file and moved into place, so
/// the cache never holds a bad or half-written poster. A poster already there is checked and kept.
/// </summary>
static class PosterStore
{
    /// <param name="path">Where the poster belongs in the cache.</param>
    /// <param name="bytes">The poster as downloaded or extracted.</param>
    /// <param name="source">Where the bytes came from (a URL, an archive entry), named in errors.</param>
    /// <param name="fix">What the reader can do about a bad file from <paramref name="source"/>.</param>
    public static void Add(string path, byte[] bytes, string source, string fix)
    {
        if (File.Exists(path))
        {
            CheckCached(path);
            return;
        }
        string? problem = JpegCheck.Problem(bytes);
        if (problem != null)
            throw new DatasetException($"The poster {source} is not usable: {problem}. Nothing was saved for it. {fix}");

        string temporary = $"{path}.{Guid.NewGuid():N}.download";
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>A poster already in the cache must be a whole JPEG; a bad one is reported, never deleted.</summary>
    public static void CheckCached(string path)
    {
        string? problem = JpegCheck.ProblemWithFile(path);
        if (problem != null)
            throw new DatasetException($"The cached poster {path} is not usable: {problem}. Delete it and run again.");
    }
}
