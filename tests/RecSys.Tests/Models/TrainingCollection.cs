namespace RecSys.Tests.Models;

/// <summary>
/// The tests that train models on real data run alone, after the parallel ones: they allocate hundreds of MB, which
/// would otherwise show up in the process-wide memory that the memory tests (TrainingLoopTests and others) watch for
/// leaks; the memory tests belong here too, so that nothing else runs beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "models trained on real data";
}
