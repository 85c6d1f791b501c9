using TorchSharp;

namespace RecSys.Training;

/// <summary>One call that seeds TorchSharp, so a rerun of a notebook prints the same numbers.</summary>
public static class Reproducibility
{
    /// <summary>
    /// Seeds TorchSharp's global generator (weight initialisation, dropout, randperm without a generator).
    /// The library's own samplers and splitters take their seeds as arguments; pass them the same seed.
    /// </summary>
    public static void Seed(int seed)
    {
        torch.random.manual_seed(seed);
    }
}
