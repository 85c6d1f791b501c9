namespace RecSys.Evaluation;

/// <summary>
/// How a ranking orders items with equal scores. <see cref="Random"/> (the protocols' default) gives every
/// (user, item) pair a seeded pseudo-random key: equal scores rank by that key, differently for each user, the same
/// in every run with the same seed and whatever the order in which users are evaluated. <see cref="ByIndex"/> ranks
/// equal scores by item index; it is deterministic but not neutral: on ML-100K low ids mostly went to films that
/// were already popular, so index order quietly adds popularity to every tie.
/// </summary>
public sealed class TieBreak
{
    /// <summary>The seed of the protocols' default tie-break.</summary>
    public const int DefaultSeed = 0;

    readonly int? seed;

    TieBreak(int? seed) => this.seed = seed;

    /// <summary>Equal scores in item-index order: lower index first.</summary>
    public static TieBreak ByIndex { get; } = new(null);

    /// <summary>Equal scores in a seeded random order, different for each user.</summary>
    public static TieBreak Random(int seed) => new(seed);

    /// <summary>The protocols' default: <see cref="Random"/> with <see cref="DefaultSeed"/>.</summary>
    public static TieBreak Default { get; } = Random(DefaultSeed);

    /// <summary>
    /// The key of an item for a user: of two equal scores, the smaller key ranks first. Random keys are distinct
    /// for distinct items (the mix is a bijection), so the order is total.
    /// </summary>
    public ulong Key(int user, int item) => seed is int s ? Mix(s, user, item) : (ulong)(uint)item;

    /// <summary>The keys of items 0..itemCount-1 for one user, for <see cref="Metrics.TopK.Select(ReadOnlySpan{float}, int, IReadOnlySet{int}?, ReadOnlySpan{ulong})"/>.</summary>
    public ulong[] KeysFor(int user, int itemCount)
    {
        var keys = new ulong[itemCount];
        for (int item = 0; item < itemCount; item++) keys[item] = Key(user, item);
        return keys;
    }

    /// <summary>How the protocols print it, e.g. "ties in random order (seed 0)".</summary>
    public override string ToString() => seed is int s ? $"ties in random order (seed {s})" : "ties by item index";

    /// <summary>
    /// SplitMix64's finaliser applied to (seed, user, item): every step is invertible, so for one seed different
    /// (user, item) pairs never share a key, and neighbouring items get unrelated keys.
    /// </summary>
    static ulong Mix(int seed, int user, int item)
    {
        unchecked
        {
            ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)user << 32 | (uint)item);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
