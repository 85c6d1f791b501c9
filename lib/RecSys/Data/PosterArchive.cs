using System.IO.Compression;

namespace RecSys.Data;

/// <summary>
/// The offline archive ml-100k-posters.zip: ml-100k-posters/posters/&lt;ML-100K id&gt;.jpg and ml-100k-posters/mapping.csv.
/// It is checked (layout, mapping against the dataset, every poster a whole JPEG) and extracted into the cache.
/// </summary>
static class PosterArchive
{
    static readonly string MappingEntry = $"{MoviePosters.FolderName}/{MoviePosters.MappingFileName}";

    public static MoviePosters Extract(MovieLensDataset data, string archivePath, string folder, TextWriter progress)
    {
        using ZipArchive archive = Open(archivePath);
        ZipArchiveEntry mappingEntry = archive.GetEntry(MappingEntry) ?? throw WrongLayout(archivePath, archive, $"it has no {MappingEntry}");
        PosterMappingRow[] rows;
        using (Stream csv = mappingEntry.Open())
            rows = PosterMapping.Read(csv, $"{MappingEntry} in {archivePath}", data);

        PosterMappingRow[] withPoster = rows.Where(r => r.PosterFile.Length > 0).ToArray();
        progress.WriteLine($"Extracting {withPoster.Length:N0} posters from {archivePath} into {folder}");
        Directory.CreateDirectory(Path.Combine(folder, "posters"));
        foreach (PosterMappingRow row in withPoster)
        {
            string entryName = $"{MoviePosters.FolderName}/{row.PosterFile}";
            ZipArchiveEntry entry = archive.GetEntry(entryName)
                ?? throw WrongLayout(archivePath, archive, $"its mapping.csv lists {row.PosterFile} for \"{row.Ml100kTitle}\", but it has no {entryName}");
            PosterStore.Add(Path.Combine(folder, row.PosterFile), ReadAll(entry, archivePath), $"{entryName} in {archivePath}",
                $"Replace {archivePath} with a good copy of {MoviePosters.ArchiveFileName}, or delete it to download the posters instead.");
        }
        // Written last: from now on the folder counts as complete.
        PosterMapping.Write(Path.Combine(folder, MoviePosters.MappingFileName), rows);
        return PosterFolder.Read(data, folder, $"archive {archivePath}");
    }

    static ZipArchive Open(string archivePath)
    {
        try
        {
            return ZipFile.OpenRead(archivePath);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"{archivePath} is not a readable zip archive ({e.Message}). Replace it with a good copy of {MoviePosters.ArchiveFileName}.", e);
        }
    }

    static byte[] ReadAll(ZipArchiveEntry entry, string archivePath)
    {
        try
        {
            using Stream source = entry.Open();
            using var bytes = new MemoryStream((int)entry.Length);
            source.CopyTo(bytes);
            return bytes.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"{entry.FullName} in {archivePath} cannot be read: the archive is corrupt ({e.Message}). Replace it with a good copy.", e);
        }
    }

    static DatasetException WrongLayout(string archivePath, ZipArchive archive, string what)
    {
        string firstEntries = string.Join(", ", archive.Entries.Take(3).Select(e => e.FullName));
        return new DatasetException(
            $"{archivePath} is not laid out like {MoviePosters.ArchiveFileName}: {what}. " +
            $"Expected {MoviePosters.FolderName}/{MoviePosters.MappingFileName} and {MoviePosters.FolderName}/posters/<ML-100K id>.jpg" +
            (firstEntries.Length > 0 ? $"; it starts with {firstEntries}." : "; it is empty."));
    }
}
