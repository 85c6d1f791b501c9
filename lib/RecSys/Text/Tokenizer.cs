using System.Text;

namespace RecSys.Text;

/// <summary>
/// Splits text into lower-case words for bag-of-words features: letters and digits only (accents removed),
/// English stop words, one-letter words and numbers dropped. "The Lion King's 2 uncles" → lion, king, uncles.
/// </summary>
public static class Tokenizer
{
    /// <summary>Common English words that say nothing about a film.</summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>
    {
        "a", "about", "after", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because", "been",
        "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each", "for",
        "from", "had", "has", "have", "he", "her", "here", "hers", "him", "himself", "his", "how", "if", "in", "into",
        "is", "it", "its", "itself", "just", "more", "most", "must", "no", "not", "now", "of", "off", "on", "once", "one",
        "only", "or", "other", "our", "out", "over", "own", "same", "she", "so", "some", "such", "than", "that", "the",
        "their", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "two",
        "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
        "whose", "why", "will", "with", "would", "you", "your", "s", "t",
    };

    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (char c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c)) current.Append(char.ToLowerInvariant(c));
            else if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue; // é → e
            else Flush();
        }
        Flush();
        return words;

        void Flush()
        {
            string word = current.ToString();
            if (word.Length > 1 && !word.All(char.IsDigit) && !StopWords.Contains(word)) words.Add(word);
            current.Clear();
        }
    }
}
