using System.IO.Compression;
using System.Text;

namespace RecSys.Data;

/// <summary>
/// The files of a dataset, read by name from a zip archive or from an extracted folder.
/// Names are matched without their folder, so "ml-100k/u.data" and a re-zipped "u.data" are both found.
/// </summary>
sealed class DatasetFiles : IDisposable
{
    readonly string path;
    readonly ZipArchive? archive;

    DatasetFiles(string path, ZipArchive? archive)
    {
        this.path = path;
        this.archive = archive;
    }

    public static DatasetFiles Open(string path)
    {
        if (System.IO.Directory.Exists(path)) return new DatasetFiles(path, null);
        if (!File.Exists(path)) throw new DatasetException($"{path} does not exist.");
        try
        {
            return new DatasetFiles(path, ZipFile.OpenRead(path));
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"{path} is not a readable zip archive ({e.Message}).", e);
        }
    }

    public bool Has(string name) => archive != null ? FindEntry(name) != null : File.Exists(Path.Combine(path, name));

    public Stream OpenRead(string name)
    {
        if (archive == null)
        {
            string file = Path.Combine(path, name);
            return File.Exists(file) ? File.OpenRead(file) : throw new DatasetException($"{path} has no {name}.");
        }
        ZipArchiveEntry entry = FindEntry(name) ?? throw new DatasetException($"{path} has no {name}.");
        return entry.Open();
    }

    /// <summary>The file's lines, each split at <paramref name="separator"/>, checked to have the expected field count.</summary>
    public List<string[]> ReadRecords(string name, string separator, int fieldCount, Encoding encoding)
    {
        var records = new List<string[]>();
        try
        {
            using var reader = new StreamReader(OpenRead(name), encoding);
            int lineNumber = 0;
            for (string? line = reader.ReadLine(); line != null; line = reader.ReadLine())
            {
                lineNumber++;
                if (line.Length == 0) continue;
                string[] fields = line.Split(separator);
                if (fields.Length != fieldCount)
                    throw new DatasetException($"{name} line {lineNumber} in {path} has {fields.Length} fields, expected {fieldCount}: \"{line}\"");
                records.Add(fields);
            }
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"{name} in {path} cannot be read: the archive is corrupt ({e.Message}).", e);
        }
        return records;
    }

    ZipArchiveEntry? FindEntry(string name) =>
        archive!.Entries.FirstOrDefault(e => e.Name == name && !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal));

    public void Dispose() => archive?.Dispose();
}
