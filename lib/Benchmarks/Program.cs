// Prints the speed figures quoted in the README and the issue notes. Each benchmark is one subcommand.
using RecSys.Benchmarks;

var benchmarks = new Dictionary<string, (string What, Action Run)>
{
    ["data-load"] = ("time to load ML-100K: cold (first load in a process, from the zip) and warm (again)", DataLoadBenchmark.Run),
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
