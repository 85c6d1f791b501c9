using RecSys.Data;

namespace RecSys.Splitting;

/// <summary>
/// Ratings divided into train, validation (possibly empty) and test parts. Every splitter returns one; each input
/// rating lands in exactly one part. <see cref="Report"/> tells the sizes and the cold users and items: those in
/// validation or test that never appear in train. They are reported, never silently kept or dropped.
/// </summary>
public sealed class Split
{
    public Split(string description, Rating[] train, Rating[] validation, Rating[] test)
    {
        if (train.Length == 0) throw new ArgumentException($"The split \"{description}\" left the training part empty.");
        if (test.Length == 0) throw new ArgumentException($"The split \"{description}\" left the test part empty.");
        Description = description;
        Train = train;
        Validation = validation;
        Test = test;
        Report = SplitReport.Of(this);
    }

    /// <summary>How the split was made, e.g. "stratified by item 75/25, seed 42, MS Recommenders rule (train iff rank/n ≤ 0.75)": print it beside every metric.</summary>
    public string Description { get; }

    public Rating[] Train { get; }

    public Rating[] Validation { get; }

    public Rating[] Test { get; }

    public SplitReport Report { get; }

    public override string ToString() => Report.ToString();
}

/// <summary>Sizes of a split's parts and how many users and items of validation and test are unseen in train.</summary>
[Microsoft.DotNet.Interactive.Formatting.TypeFormatterSource(typeof(RecSys.Notebooks.NotebookFormatters))]
public sealed record SplitReport(
    string Description,
    int TrainCount, int ValidationCount, int TestCount,
    int TestUsers, int TestItems,
    int ColdTestUsers, int ColdTestItems,
    int ColdValidationUsers, int ColdValidationItems)
{
    public static SplitReport Of(Split split)
    {
        var trainUsers = split.Train.Select(r => r.UserIndex).ToHashSet();
        var trainItems = split.Train.Select(r => r.ItemIndex).ToHashSet();
        int Cold(IEnumerable<int> ids, HashSet<int> seen) => ids.Distinct().Count(id => !seen.Contains(id));
        return new SplitReport(
            split.Description,
            split.Train.Length, split.Validation.Length, split.Test.Length,
            split.Test.Select(r => r.UserIndex).Distinct().Count(), split.Test.Select(r => r.ItemIndex).Distinct().Count(),
            Cold(split.Test.Select(r => r.UserIndex), trainUsers), Cold(split.Test.Select(r => r.ItemIndex), trainItems),
            Cold(split.Validation.Select(r => r.UserIndex), trainUsers), Cold(split.Validation.Select(r => r.ItemIndex), trainItems));
    }

    public override string ToString() =>
        $"{Description}: train {TrainCount:N0}, validation {ValidationCount:N0}, test {TestCount:N0} ratings; " +
        $"test has {TestUsers:N0} users ({ColdTestUsers} unseen in train) and {TestItems:N0} items ({ColdTestItems} unseen in train)" +
        (ValidationCount > 0 ? $"; validation has {ColdValidationUsers} users and {ColdValidationItems} items unseen in train" : "");
}
