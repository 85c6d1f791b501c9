// Taught in notebooks/01-content-based-filtering.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Text;

/// <summary>
/// TF-IDF item profiles (Salton &amp; Buckley 1988) over tokenised texts, one per film: the vocabulary is every word
/// found in at least <c>minDocumentFrequency</c> texts and in at most a share <c>maxDocumentShare</c> of them, and
/// w[t, i] = (n_t,i / |d_i|) · (ln((1 + N) / (1 + df(t))) + 1).
/// </summary>
public sealed class TfIdf
{
    /// <summary>In how many texts each word occurs (every word, before the vocabulary's limits).</summary>
    public IReadOnlyDictionary<string, int> DocumentFrequency { get; }
    /// <summary>The words kept as features, in the current culture's sort order (<c>Order()</c>; <see cref="RecSys.Text.Vocabulary"/> sorts ordinally): column c of <see cref="Weights"/> is Vocabulary[c].</summary>
    public string[] Vocabulary { get; }
    /// <summary>The largest number of texts a kept word may occur in.</summary>
    public int MaxDocuments { get; }
    /// <summary>The words dropped as too common, most frequent first.</summary>
    public string[] TooCommon { get; }
    /// <summary>One row per text, one column per vocabulary word.</summary>
    public float[,] Weights { get; }

    public TfIdf(IReadOnlyList<IReadOnlyList<string>> texts, int minDocumentFrequency, double maxDocumentShare)
    {
        if (texts.Count == 0) throw new ArgumentException("TF-IDF needs at least one text.", nameof(texts));
        var documentFrequency = new Dictionary<string, int>();
        foreach (IReadOnlyList<string> text in texts)
            foreach (string word in text.Distinct())
                documentFrequency[word] = documentFrequency.GetValueOrDefault(word) + 1;
        DocumentFrequency = documentFrequency;

        int n = texts.Count;
        MaxDocuments = (int)(maxDocumentShare * n);
        Vocabulary = documentFrequency.Where(w => w.Value >= minDocumentFrequency && w.Value <= MaxDocuments).Select(w => w.Key).Order().ToArray();
        TooCommon = documentFrequency.Where(w => w.Value > MaxDocuments).OrderByDescending(w => w.Value).Select(w => w.Key).ToArray();
        var column = Vocabulary.Select((word, index) => (word, index)).ToDictionary(p => p.word, p => p.index);

        Weights = new float[n, Vocabulary.Length];
        for (int i = 0; i < n; i++)
        {
            foreach (var occurrences in texts[i].Where(column.ContainsKey).GroupBy(w => w))
            {
                double termFrequency = (double)occurrences.Count() / texts[i].Count;
                double inverseDocumentFrequency = Math.Log((1.0 + n) / (1.0 + documentFrequency[occurrences.Key])) + 1;
                Weights[i, column[occurrences.Key]] = (float)(termFrequency * inverseDocumentFrequency);
            }
        }
    }
}
