namespace RecSys.Metrics;

/// <summary>Similarity of two vectors.</summary>
public static class Similarity
{
    /// <summary>cos(a, b) = a·b / (‖a‖ ‖b‖); 0 when either vector is all zeros.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Vectors of lengths {a.Length} and {b.Length}.");
        double dot = 0, normA = 0, normB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.Sqrt(normA * normB);
    }
}
