using System.Reflection;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace NotebookRunner;

/// <summary>
/// A fresh .NET Interactive C# kernel for one notebook, the same kernel VS Code's Polyglot Notebooks runs:
/// it compiles the cells, resolves <c>#r "nuget:"</c>, formats values. On top of it this class adds what only
/// the dotnet-interactive tool did: loading a package's notebook extension (interactive-extensions/dotnet/*.dll,
/// e.g. Microsoft.Data.Analysis's DataFrame formatter) when the package is added.
/// </summary>
public sealed class KernelHost : IDisposable
{
    readonly CompositeKernel kernel;
    readonly HashSet<string> loadedExtensions = new();

    /// <summary>Things the host did while a cell ran, for the console (not the cell's output): read them between cells.</summary>
    public List<string> Notes { get; } = new();

    public KernelHost()
    {
        // Every value in both forms: HTML for notebook front ends, plain text for everything else.
        Formatter.SetPreferredMimeTypesFor(typeof(object), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
        var csharp = new CSharpKernel()
            .UseNugetDirective((k, references) =>
            {
                k.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseValueSharing();
        kernel = new CompositeKernel { csharp };
        kernel.DefaultKernelName = csharp.Name;
        // Extensions must be loaded inside a command's context: a middleware runs there.
        csharp.AddMiddleware(async (command, context, next) =>
        {
            var packageRoots = new List<string>();
            using (context.KernelEvents.Subscribe(e => { if (e is PackageAdded added) packageRoots.Add(added.PackageReference.PackageRoot); }))
                await next(command, context);
            foreach (string root in packageRoots)
            {
                PatchTorchSharp(root);
                await LoadExtensionsAsync(root);
            }
        });
    }

    /// <summary>Runs one cell; null when it did not finish within <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<KernelEvent>?> SubmitAsync(string code, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource();
        try
        {
            return (await kernel.SendAsync(new SubmitCode(code), cancellation.Token).WaitAsync(timeout)).Events;
        }
        catch (TimeoutException)
        {
            cancellation.Cancel(); // the kernel abandons the cell; its thread may run on until the process ends
            return null;
        }
    }

    /// <summary>
    /// A TorchSharp restored into a package folder the build never saw (another NUGET_PACKAGES) gets the same
    /// GLIBCXX fix as in the build (lib/build), before its native library is first loaded by a later cell.
    /// </summary>
    void PatchTorchSharp(string packageRoot)
    {
        if (!string.Equals(new DirectoryInfo(packageRoot).Parent?.Name, "torchsharp", StringComparison.OrdinalIgnoreCase)) return;
        foreach (string library in GlibcxxVersionFix.PatchPackageFolder(packageRoot))
            Notes.Add($"note: marked {GlibcxxVersionFix.MissingVersion} weak in {library} (this system's libstdc++ lacks it; see lib/build/README.md)");
    }

    async Task LoadExtensionsAsync(string packageRoot)
    {
        string folder = Path.Combine(packageRoot, "interactive-extensions", "dotnet");
        if (!Directory.Exists(folder)) return;
        foreach (string dll in Directory.GetFiles(folder, "*.dll"))
        {
            if (!loadedExtensions.Add(Path.GetFileName(dll))) continue;
            // One process runs many notebooks, which may restore other versions of a package: an extension
            // assembly already loaded by an earlier kernel is reused, as the runtime cannot load it twice.
            string name = AssemblyName.GetAssemblyName(dll).Name!;
            Assembly assembly = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == name)
                ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(dll);
            foreach (Type type in assembly.GetExportedTypes().Where(t => typeof(IKernelExtension).IsAssignableFrom(t) && !t.IsAbstract))
                await ((IKernelExtension)Activator.CreateInstance(type)!).OnLoadAsync(kernel);
        }
    }

    public void Dispose() => kernel.Dispose();
}
