using System.Runtime.InteropServices;

namespace NotebookRunner;

/// <summary>
/// Where the system has its own libtorch (Debian's python3-torch with libtorch-dev puts libtorch_cpu.so on the
/// library path), TorchSharp inside a notebook asks the loader for "torch_cpu" by name, gets the system's copy,
/// and fails with an undefined symbol. Loading TorchSharp's own copies by full path first makes every later
/// request by name get them, since the loader reuses a library already loaded under that name.
/// </summary>
public static class TorchSharpNatives
{
    static readonly string[] SystemLibraryFolders = { "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib" };

    /// <summary>Returns a line for the console when it had to do something, else null.</summary>
    public static string? PreferOwnLibtorch(string nugetPackageRoot)
    {
        if (!OperatingSystem.IsLinux()) return null;
        string? systemCopy = SystemLibraryFolders.Select(f => Path.Combine(f, "libtorch_cpu.so")).FirstOrDefault(File.Exists);
        if (systemCopy == null) return null;

        string packages = Path.Combine(nugetPackageRoot, "libtorch-cpu-linux-x64");
        string? native = Directory.Exists(packages)
            ? Directory.GetDirectories(packages).Select(v => Path.Combine(v, "runtimes", "linux-x64", "native")).FirstOrDefault(Directory.Exists)
            : null;
        if (native == null)
            return $"note: this system has its own libtorch ({systemCopy}); TorchSharp's copy is not restored yet, so a notebook using torch may fail with an undefined symbol until it is.";
        foreach (string library in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
            NativeLibrary.Load(Path.Combine(native, library));
        return $"note: this system has its own libtorch ({systemCopy}); loaded TorchSharp's copy from {native} first so notebooks use it.";
    }
}
