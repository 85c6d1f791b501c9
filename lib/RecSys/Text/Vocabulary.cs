// Taught in notebooks/05-convolutional-content.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Text;

/// <summary>
/// Word indices for a neural text model: index 0 is padding, 1 … Count the words found in at least
/// <c>minDocuments</c> texts (ordinal order). A text becomes a fixed-length row: its known words in order, cut after
/// <c>length</c> words, padded with 0 on the right. Unknown words are dropped (no "unknown" token).
/// </summary>
public sealed class Vocabulary
{
    public const int PaddingIndex = 0;
    readonly Dictionary<string, int> indexOf;

    /// <summary>The words, in index order from 1 (Words[0] is the word with index 1).</summary>
    public string[] Words { get; }

    /// <summary>Rows of an embedding table for this vocabulary: every word plus the padding row.</summary>
    public int Size => Words.Length + 1;

    public Vocabulary(IEnumerable<IReadOnlyList<string>> texts, int minDocuments)
    {
        if (minDocuments < 1) throw new ArgumentOutOfRangeException(nameof(minDocuments), minDocuments, "A word must occur in at least one text: use minDocuments ≥ 1.");
        var documentFrequency = new Dictionary<string, int>();
        foreach (IReadOnlyList<string> text in texts)
            foreach (string word in text.Distinct())
                documentFrequency[word] = documentFrequency.GetValueOrDefault(word) + 1;
        Words = documentFrequency.Where(w => w.Value >= minDocuments).Select(w => w.Key).Order(StringComparer.Ordinal).ToArray();
        indexOf = Words.Select((word, i) => (word, i)).ToDictionary(p => p.word, p => p.i + 1);
    }

    /// <summary>The index of a word, or null when it is not in the vocabulary.</summary>
    public int? IndexOf(string word) => indexOf.TryGetValue(word, out int index) ? index : null;

    /// <summary>The word at an index (1 … Count); "" for padding.</summary>
    public string WordAt(int index) => index == PaddingIndex ? "" : Words[index - 1];

    /// <summary>One text as <paramref name="length"/> indices: known words in order, cut or padded with 0 on the right.</summary>
    public long[] Encode(IReadOnlyList<string> words, int length)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "A text needs room for at least one word: use length ≥ 1.");
        var row = new long[length];
        int filled = 0;
        foreach (string word in words)
        {
            if (filled == length) break;
            if (indexOf.TryGetValue(word, out int index)) row[filled++] = index;
        }
        return row;
    }

    /// <summary>Every text encoded, row after row: texts.Count × length indices, ready for one torch.tensor.</summary>
    public long[] EncodeAll(IReadOnlyList<IReadOnlyList<string>> texts, int length) =>
        texts.SelectMany(text => Encode(text, length)).ToArray();
}
