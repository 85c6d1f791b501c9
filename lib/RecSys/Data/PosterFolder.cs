namespace RecSys.Data;

/// <summary>Reads a complete posters folder in the cache (posters/&lt;ML-100K id&gt;.jpg and mapping.csv).</summary>
static class PosterFolder
{
    /// <summary>Every poster mapping.csv lists must be there and be a whole JPEG; a bad one is reported, not deleted.</summary>
    public static MoviePosters Read(MovieLensDataset data, string folder, string origin)
    {
        string mappingPath = Path.Combine(folder, MoviePosters.MappingFileName);
        PosterMappingRow[] rows;
        using (FileStream csv = File.OpenRead(mappingPath))
            rows = PosterMapping.Read(csv, mappingPath, data);

        var paths = new string?[data.ItemCount];
        var ml1mIds = new int?[data.ItemCount];
        foreach (PosterMappingRow row in rows)
        {
            int itemIndex = data.ItemIds.ToIndex(row.Ml100kId);
            ml1mIds[itemIndex] = row.Ml1mId;
            if (row.PosterFile.Length == 0) continue;
            string path = Path.GetFullPath(Path.Combine(folder, row.PosterFile));
            string? problem = File.Exists(path) ? JpegCheck.ProblemWithFile(path) : "it is missing";
            if (problem != null)
                throw new DatasetException(
                    $"The cached poster {path} of \"{row.Ml100kTitle}\" is not usable: {problem}. " +
                    $"Delete the folder {folder} and run again to rebuild it from the archive or the source.");
            paths[itemIndex] = path;
        }
        return new MoviePosters(folder, paths, ml1mIds, origin);
    }
}
