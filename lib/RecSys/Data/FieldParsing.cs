using System.Globalization;
using System.Text.RegularExpressions;

namespace RecSys.Data;

/// <summary>Field conversions shared by the MovieLens parsers, with errors that name the file and the value.</summary>
static partial class FieldParsing
{
    public static int Int(string text, string file) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new DatasetException($"{file}: \"{text}\" is not a whole number.");

    public static long Long(string text, string file) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new DatasetException($"{file}: \"{text}\" is not a whole number.");

    public static float Stars(string text, string file) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && value >= 0.5f && value <= 5f
            ? value
            : throw new DatasetException($"{file}: \"{text}\" is not a rating between 0.5 and 5.");

    /// <summary>A rating record; ids must be known to the maps (the users and items files).</summary>
    public static Rating RatingRecord(string user, string item, string rating, string timestamp, string file, IdMap users, IdMap items)
    {
        int userId = Int(user, file), itemId = Int(item, file);
        if (!users.Contains(userId)) throw new DatasetException($"{file}: user id {userId} is not in the users file.");
        if (!items.Contains(itemId)) throw new DatasetException($"{file}: item id {itemId} is not in the items file.");
        return new Rating(users.ToIndex(userId), items.ToIndex(itemId), Stars(rating, file), Long(timestamp, file));
    }

    /// <summary>The year in a MovieLens title such as "Toy Story (1995)", or null.</summary>
    public static int? YearInTitle(string title)
    {
        Match match = TitleYear().Match(title);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"\((\d{4})\)\s*$")]
    private static partial Regex TitleYear();
}
