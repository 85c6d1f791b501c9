namespace RecSys.Tests.Models;

/// <summary>
/// The tests that train models on real data run alone, after the parallel ones: they allocate hundreds of MB, which
/// would otherwise show up in the process-wide memory that TrainingLoopTests watches for leaks.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "models trained on real data";
}
