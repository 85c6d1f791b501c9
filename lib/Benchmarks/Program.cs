// Prints the speed figures quoted in the README and the issue notes. Each benchmark is one subcommand.
using System.Runtime.CompilerServices;
using RecSys.Benchmarks;
using RecSys.Training;

// Hidden commands: processes the under-load benchmark starts itself.
if (args is [BusyMachine.SpinCommand, ..])
{
    BusyMachine.Run(args);
    return 0;
}
if (args is [UnderLoadBenchmark.ChildCommand, ..]) return UnderLoadBenchmark.RunChild(args);

ConfigureTorch();

var benchmarks = new Dictionary<string, (string What, Action Run)>
{
    ["data-load"] = ("time to load ML-100K: cold (first load in a process, from the zip) and warm (again)", DataLoadBenchmark.Run),
    ["baselines"] = ("random and most popular on ML-100K, full and sampled ranking, with evaluation times", BaselinesBenchmark.Run),
    ["training-loop"] = ("biased MF trained by a hand-written loop and by TrainingLoop: wall-time ratio", TrainingLoopBenchmark.Run),
    ["sequences"] = ("chapter 06 on ML-100K leave-last-out: popularity, transitions, BPR-MF, GRU4Rec, LSTM, full and sampled ranking of the validation films (--test: the test films, for a final check only); --sizes: seconds per epoch by size", () => SequencesBenchmark.Run(args)),
    ["under-load"] = ("one epoch of MF, BPR and a GRU alone and beside a busy process; --compare: other thread counts and wait policies", () => UnderLoadBenchmark.Run(args)),
};

string name = args.FirstOrDefault() ?? "help";
if (!benchmarks.TryGetValue(name, out var benchmark))
{
    Console.WriteLine("usage: dotnet run -c Release --project lib/Benchmarks -- <benchmark>");
    foreach (var (key, (what, _)) in benchmarks) Console.WriteLine($"  {key,-16} {what}");
    return name == "help" ? 0 : 1;
}
benchmark.Run();
return 0;

// libtorch's thread count and OpenMP wait policy, before any torch call: the same as in the notebooks. In a method
// of its own because the runtime initialises the library as soon as it compiles a method that uses it, and the
// under-load child above must be able to load libtorch before that.
[MethodImpl(MethodImplOptions.NoInlining)]
static void ConfigureTorch() => TorchRuntime.Configure();
