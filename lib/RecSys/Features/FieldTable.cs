using TorchSharp;
using static TorchSharp.torch;

// Taught in notebooks/04-hybrid-side-features.ipynb (the cell marked "// @save" with this path): edit both together.
namespace RecSys.Features;

/// <summary>How a field turns a (user, item) pair into feature values: exactly one value, or any number of them.</summary>
public enum FieldKind { OneHot, Bucketed, MultiHot }

/// <summary>
/// One field (特征域) of a (user, item) example: its name, its values' labels, and a function that gives the
/// positions (0-based, into <see cref="Values"/>) of the values a pair has — one for a one-hot or bucketed field,
/// any number (none included) for a multi-hot field such as a film's genres.
/// </summary>
public sealed record Field(string Name, FieldKind Kind, IReadOnlyList<string> Values, Func<int, int, int[]> ValuesOf, int MaxValues = 1)
{
    /// <summary>A field with one value per pair, e.g. the user id or the occupation.</summary>
    public static Field OneHot(string name, IReadOnlyList<string> values, Func<int, int, int> valueOf) =>
        new(name, FieldKind.OneHot, values, (user, item) => new[] { valueOf(user, item) });

    /// <summary>
    /// A number cut into buckets at <paramref name="boundaries"/> (ascending): bucket b holds
    /// boundaries[b−1] ≤ x &lt; boundaries[b]; a missing number (null) has its own bucket, "unknown", the last one.
    /// </summary>
    public static Field Bucketed(string name, double[] boundaries, Func<int, int, double?> numberOf)
    {
        if (boundaries.Length == 0 || boundaries.Zip(boundaries.Skip(1)).Any(p => p.Second <= p.First))
            throw new ArgumentException($"Field \"{name}\": the bucket boundaries must be a non-empty ascending list; got [{string.Join(", ", boundaries)}].", nameof(boundaries));
        var labels = new List<string> { $"< {boundaries[0]}" };
        for (int b = 1; b < boundaries.Length; b++) labels.Add($"{boundaries[b - 1]}–{boundaries[b] - 1}");
        labels.Add($"≥ {boundaries[^1]}");
        labels.Add("unknown");
        return new(name, FieldKind.Bucketed, labels, (user, item) => new[] { BucketOf(numberOf(user, item), boundaries) });
    }

    /// <summary>A field with any number of values per pair, at most <paramref name="maxValues"/>, e.g. a film's genres.</summary>
    public static Field MultiHot(string name, IReadOnlyList<string> values, Func<int, int, int[]> valuesOf, int maxValues) =>
        new(name, FieldKind.MultiHot, values, valuesOf, maxValues);

    /// <summary>The bucket of <paramref name="x"/>: the number of boundaries at or below it; the last bucket for null.</summary>
    public static int BucketOf(double? x, double[] boundaries) =>
        x is double value ? boundaries.Count(b => b <= value) : boundaries.Length + 1;
}

/// <summary>One row of <see cref="FieldTable.Describe"/>: where a field's values sit in the shared feature index.</summary>
public sealed record FieldRow(string Field, string Kind, int Values, int Offset, int Slots, string Pooling, string Examples);

/// <summary>
/// Encoded examples, as tensors on one device: <see cref="Indices"/> (examples × slots, int64) are positions in
/// the shared feature index, <see cref="Weights"/> (examples × slots, float32) their values — 1 for a one-hot
/// field, 1/n for each of a multi-hot field's n values (mean pooling), 0 for an unused slot — and
/// <see cref="Labels"/> (examples, float32) the 0/1 targets. Dispose it when done.
/// </summary>
public sealed class FieldExamples : IDisposable
{
    public FieldExamples(Tensor indices, Tensor weights, Tensor labels)
    {
        Indices = indices;
        Weights = weights;
        Labels = labels;
    }

    public Tensor Indices { get; }
    public Tensor Weights { get; }
    public Tensor Labels { get; }
    public long Count => Indices.shape[0];

    public void Dispose()
    {
        Indices.Dispose();
        Weights.Dispose();
        Labels.Dispose();
    }
}

/// <summary>
/// The fields of a model's input laid side by side in one feature index: field f owns positions
/// Offset_f … Offset_f + |values_f| − 1, and position 0 is padding, so one embedding table serves every field.
/// Each field takes <see cref="Field.MaxValues"/> consecutive slots of an encoded example.
/// </summary>
public sealed class FieldTable
{
    public const int Padding = 0;

    public FieldTable(IEnumerable<Field> fields)
    {
        Fields = fields.ToArray();
        if (Fields.Count == 0) throw new ArgumentException("A field table needs at least one field.", nameof(fields));
        string? twice = Fields.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (twice != null) throw new ArgumentException($"The field \"{twice}\" is listed twice; each field may appear once.", nameof(fields));
        var offsets = new int[Fields.Count];
        var firstSlots = new int[Fields.Count];
        int next = 1, slots = 0;   // position 0 is padding
        for (int f = 0; f < Fields.Count; f++)
        {
            offsets[f] = next;
            firstSlots[f] = slots;
            next += Fields[f].Values.Count;
            slots += Fields[f].MaxValues;
        }
        Offsets = offsets;
        FirstSlots = firstSlots;
        FeatureCount = next;
        SlotCount = slots;
    }

    public IReadOnlyList<Field> Fields { get; }

    /// <summary>Where each field's values start in the feature index.</summary>
    public IReadOnlyList<int> Offsets { get; }

    /// <summary>Where each field's slots start in an encoded example.</summary>
    public IReadOnlyList<int> FirstSlots { get; }

    /// <summary>The size of the feature index: every value of every field, plus the padding position.</summary>
    public int FeatureCount { get; }

    /// <summary>The slots of one encoded example: the sum of the fields' <see cref="Field.MaxValues"/>.</summary>
    public int SlotCount { get; }

    public int FieldCount => Fields.Count;

    /// <summary>Which field each slot belongs to, for pooling the slots of a multi-hot field into one vector.</summary>
    public int[] SlotFields() => Enumerable.Range(0, FieldCount).SelectMany(f => Enumerable.Repeat(f, Fields[f].MaxValues)).ToArray();

    /// <summary>One (user, item) pair as feature positions and weights, slot by slot.</summary>
    public (long[] Indices, float[] Weights) EncodeOne(int user, int item)
    {
        var indices = new long[SlotCount];
        var weights = new float[SlotCount];
        Fill(user, item, indices, weights);
        return (indices, weights);
    }

    /// <summary>Encodes pairs (users[k], items[k]) with their labels as tensors on <paramref name="device"/>.</summary>
    public FieldExamples Encode(int[] users, int[] items, float[] labels, Device? device = null)
    {
        if (users.Length != items.Length || users.Length != labels.Length)
            throw new ArgumentException($"users, items and labels must have the same length; got {users.Length}, {items.Length} and {labels.Length}.");
        var indices = new long[users.Length * SlotCount];
        var weights = new float[users.Length * SlotCount];
        for (int k = 0; k < users.Length; k++)
            Fill(users[k], items[k], indices.AsSpan(k * SlotCount, SlotCount), weights.AsSpan(k * SlotCount, SlotCount));
        return new FieldExamples(
            torch.tensor(indices, new long[] { users.Length, SlotCount }, device: device),
            torch.tensor(weights, new long[] { users.Length, SlotCount }, device: device),
            torch.tensor(labels, device: device));
    }

    void Fill(int user, int item, Span<long> indices, Span<float> weights)
    {
        for (int f = 0; f < FieldCount; f++)
        {
            Field field = Fields[f];
            int[] values = field.ValuesOf(user, item);
            if (values.Length > field.MaxValues || (field.Kind != FieldKind.MultiHot && values.Length != 1))
                throw new InvalidOperationException($"Field \"{field.Name}\" gave {values.Length} values for user {user}, item {item}; it takes {(field.Kind == FieldKind.MultiHot ? $"at most {field.MaxValues}" : "exactly one")}.");
            for (int v = 0; v < field.MaxValues; v++)
            {
                int slot = FirstSlots[f] + v;
                if (v >= values.Length) { indices[slot] = Padding; weights[slot] = 0; continue; }
                if (values[v] < 0 || values[v] >= field.Values.Count)
                    throw new InvalidOperationException($"Field \"{field.Name}\" gave value {values[v]} for user {user}, item {item}; its values are 0…{field.Values.Count - 1}.");
                indices[slot] = Offsets[f] + values[v];
                weights[slot] = 1f / values.Length;   // mean pooling: a multi-hot field's embedding is the mean of its values'
            }
        }
    }

    /// <summary>The table a reader can print: each field, its kind, number of values, offset, slots and a few labels.</summary>
    public IReadOnlyList<FieldRow> Describe() => Fields.Select((f, i) => new FieldRow(
        f.Name, f.Kind.ToString(), f.Values.Count, Offsets[i], f.MaxValues,
        f.Kind == FieldKind.MultiHot ? "mean" : "—",
        string.Join(", ", f.Values.Take(4)) + (f.Values.Count > 4 ? ", …" : ""))).ToList();

    public override string ToString() =>
        $"{FieldCount} fields ({string.Join(", ", Fields.Select(f => f.Name))}), {FeatureCount:N0} feature positions, {SlotCount} slots per example";
}
