// The notebook runner's command line: see CommandLine.Help and ExportCommandLine.Help, or run it with --help.
using NotebookRunner;

try
{
    if (args.Length > 0 && args[0] == "export")
    {
        ExportCommandLine export = ExportCommandLine.Parse(args[1..]);
        if (export.ShowHelp)
        {
            Console.WriteLine(ExportCommandLine.Help);
            return 0;
        }
        foreach (string app in AppExporter.ExportAll(export.Notebooks, export.Folder))
            Console.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, app)}");
        return 0;
    }
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
