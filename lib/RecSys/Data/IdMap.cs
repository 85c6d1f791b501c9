namespace RecSys.Data;

/// <summary>
/// Maps raw ids (as they appear in the data files) to contiguous 0-based indices and back.
/// Models work with indices (rows of an embedding table); people and files speak in ids.
/// </summary>
public sealed class IdMap
{
    readonly int[] idOfIndex;
    readonly Dictionary<int, int> indexOfId;

    /// <summary>What the ids name ("user", "item"), used in error messages.</summary>
    public string Kind { get; }

    /// <summary>Builds the map from distinct ids, in ascending id order so index 0 is the smallest id.</summary>
    public IdMap(string kind, IEnumerable<int> ids)
    {
        Kind = kind;
        idOfIndex = ids.Distinct().Order().ToArray();
        indexOfId = new Dictionary<int, int>(idOfIndex.Length);
        for (int index = 0; index < idOfIndex.Length; index++) indexOfId[idOfIndex[index]] = index;
    }

    public int Count => idOfIndex.Length;

    public IReadOnlyList<int> Ids => idOfIndex;

    public bool Contains(int id) => indexOfId.ContainsKey(id);

    /// <summary>The index of a raw id; a clear error for an id the dataset does not have.</summary>
    public int ToIndex(int id) => indexOfId.TryGetValue(id, out int index)
        ? index
        : throw new ArgumentOutOfRangeException(nameof(id), id,
            $"Unknown {Kind} id {id}: this dataset has {Count} {Kind}s with ids from {idOfIndex.FirstOrDefault()} to {idOfIndex.LastOrDefault()}.");

    /// <summary>The raw id of an index.</summary>
    public int ToId(int index) => index >= 0 && index < idOfIndex.Length
        ? idOfIndex[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"A {Kind} index runs from 0 to {Count - 1}.");
}
