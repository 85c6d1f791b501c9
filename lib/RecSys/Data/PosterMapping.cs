using System.Globalization;
using System.Text;
using Microsoft.VisualBasic.FileIO;

namespace RecSys.Data;

/// <summary>
/// One row of the posters' mapping.csv: an ML-100K film, the ML-1M movie it was matched to (none when no title
/// matched) and its poster file relative to the folder ("posters/1.jpg"; empty when the film has no poster).
/// </summary>
sealed record PosterMappingRow(int Ml100kId, string Ml100kTitle, int? Ml1mId, string Ml1mTitle, string PosterFile);

/// <summary>Reads, checks and writes mapping.csv (comma-separated, fields with commas in double quotes).</summary>
static class PosterMapping
{
    const string Header = "ml100k_item_id,ml100k_title,ml1m_movie_id,ml1m_title,poster_file";

    /// <summary>The rows of a mapping.csv, checked to list every film of <paramref name="data"/> once, by id and title.</summary>
    public static PosterMappingRow[] Read(Stream csv, string source, MovieLensDataset data)
    {
        var rows = new List<PosterMappingRow>();
        using var parser = new TextFieldParser(csv, Encoding.UTF8) { HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        string[]? header = parser.ReadFields();
        if (header == null || string.Join(',', header) != Header)
            throw new DatasetException($"{source} is not a posters mapping.csv: its header should be \"{Header}\", not \"{(header == null ? "" : string.Join(',', header))}\".");
        try
        {
            while (parser.ReadFields() is string[] fields)
            {
                long line = parser.LineNumber - 1;
                if (fields.Length != 5) throw new DatasetException($"{source} line {line} has {fields.Length} fields, expected 5.");
                int? ml1mId = fields[2].Length == 0 ? null : FieldParsing.Int(fields[2], source);
                rows.Add(new PosterMappingRow(FieldParsing.Int(fields[0], source), fields[1], ml1mId, fields[3], fields[4]));
            }
        }
        catch (MalformedLineException e)
        {
            throw new DatasetException($"{source} line {e.LineNumber} is not valid CSV: {e.Message}", e);
        }
        CheckAgainst(rows, source, data);
        return rows.ToArray();
    }

    static void CheckAgainst(List<PosterMappingRow> rows, string source, MovieLensDataset data)
    {
        if (rows.Count != data.ItemCount)
            throw new DatasetException($"{source} lists {rows.Count} films, but {data.Name} has {data.ItemCount}: it belongs to other data.");
        var seen = new HashSet<int>();
        foreach (PosterMappingRow row in rows)
        {
            if (!data.ItemIds.Contains(row.Ml100kId) || !seen.Add(row.Ml100kId))
                throw new DatasetException($"{source} lists film id {row.Ml100kId}, which {data.Name} does not have or which it lists twice.");
            // Compared without outer spaces: u.item has "Heidi Fleiss: Hollywood Madam (1995) ", mapping.csv not.
            string title = data.Items[data.ItemIds.ToIndex(row.Ml100kId)].Title.Trim();
            if (row.Ml100kTitle.Trim() != title)
                throw new DatasetException($"{source} names film {row.Ml100kId} \"{row.Ml100kTitle}\", but in {data.Name} it is \"{title}\": it belongs to other data.");
            if (row.PosterFile.Length > 0 && (row.Ml1mId == null || row.PosterFile != PosterFileOf(row.Ml100kId)))
                throw new DatasetException($"{source}: film {row.Ml100kId} has poster_file \"{row.PosterFile}\"; expected {PosterFileOf(row.Ml100kId)} and an ML-1M id.");
        }
    }

    /// <summary>Where a film's poster lives, relative to the posters folder.</summary>
    public static string PosterFileOf(int ml100kId) => $"posters/{ml100kId}.jpg";

    /// <summary>Writes the rows to a temporary file, then moves it into place: mapping.csv exists only whole.</summary>
    public static void Write(string path, IEnumerable<PosterMappingRow> rows)
    {
        string temporary = $"{path}.{Guid.NewGuid():N}.download";
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                writer.Write(Header + "\n");
                foreach (PosterMappingRow row in rows)
                    writer.Write(string.Join(',',
                        row.Ml100kId.ToString(CultureInfo.InvariantCulture), Quoted(row.Ml100kTitle),
                        row.Ml1mId?.ToString(CultureInfo.InvariantCulture) ?? "", Quoted(row.Ml1mTitle), row.PosterFile) + "\n");
            }
            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    static string Quoted(string field) =>
        field.Contains(',') || field.Contains('"') ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
}
