// The notebook runner's command line: see CommandLine.Help, or run it with --help.
using NotebookRunner;

try
{
    CommandLine command = CommandLine.Parse(args);
    if (command.ShowHelp)
    {
        Console.WriteLine(CommandLine.Help);
        return 0;
    }
    IReadOnlyList<NotebookRun> runs = await Runner.RunAllAsync(command.Notebooks, command.Options);
    Console.WriteLine();
    Console.WriteLine(Runner.Summary(runs));
    return runs.All(r => r.Succeeded) ? 0 : 1;
}
catch (RunnerException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
