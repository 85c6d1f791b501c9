using System.IO.Compression;
using System.Text;

namespace RecSys.Tests.Build;

/// <summary>The ELF patch, tried on a pristine libLibTorchSharp.so taken from TorchSharp's .nupkg.</summary>
public class GlibcxxVersionFixTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("glibcxx-fix-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string PristineLibrary()
    {
        string package = Path.Combine(TestPaths.NuGetPackageRoot, "torchsharp", "0.107.0", "torchsharp.0.107.0.nupkg");
        using ZipArchive archive = ZipFile.OpenRead(package);
        string path = Path.Combine(folder, "libLibTorchSharp.so");
        archive.GetEntry("runtimes/linux-x64/native/libLibTorchSharp.so")!.ExtractToFile(path);
        return path;
    }

    [Fact]
    public void Marks_the_requirement_weak_by_changing_two_bytes_once()
    {
        string library = PristineLibrary();
        byte[] before = File.ReadAllBytes(library);
        Assert.False(GlibcxxVersionFix.IsPatched(library));

        Assert.Equal(GlibcxxVersionFix.Outcome.Patched, GlibcxxVersionFix.Apply(library));
        Assert.True(GlibcxxVersionFix.IsPatched(library));
        byte[] after = File.ReadAllBytes(library);
        Assert.Equal(before.Length, after.Length);
        int[] changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.Single(changed); // vna_flags goes from 0 to VER_FLG_WEAK (2): one byte of the two-byte field

        Assert.Equal(GlibcxxVersionFix.Outcome.AlreadyPatched, GlibcxxVersionFix.Apply(library));
        Assert.Equal(after, File.ReadAllBytes(library));
        Assert.Single(Directory.GetFiles(folder)); // no temporary file left behind
    }

    [Fact]
    public void Refuses_a_file_that_is_not_an_ELF_library()
    {
        string path = Path.Combine(folder, "libLibTorchSharp.so");
        File.WriteAllText(path, "not a library");
        var error = Assert.Throws<InvalidDataException>(() => GlibcxxVersionFix.Apply(path));
        Assert.Contains("not a 64-bit little-endian ELF file", error.Message);
        Assert.Equal("not a library", File.ReadAllText(path));
    }

    [Fact]
    public void Refuses_a_library_without_the_GLIBCXX_3_4_32_requirement()
    {
        // The system's own libstdc++ is an ELF library that needs no GLIBCXX version from itself.
        string? libstdcxx = GlibcxxVersionFix.SystemLibstdcxxPaths.FirstOrDefault(File.Exists);
        Assert.NotNull(libstdcxx);
        string copy = Path.Combine(folder, "libstdc++.so.6");
        File.Copy(libstdcxx, copy);
        var error = Assert.Throws<InvalidDataException>(() => GlibcxxVersionFix.Apply(copy));
        Assert.Contains("does not require GLIBCXX_3.4.32", error.Message);
    }

    [Fact]
    public void Is_needed_only_where_libstdcxx_lacks_the_version()
    {
        string old = Path.Combine(folder, "old-libstdc++.so.6");
        string recent = Path.Combine(folder, "recent-libstdc++.so.6");
        File.WriteAllBytes(old, Encoding.ASCII.GetBytes("\0GLIBCXX_3.4.30\0GLIBCXX_3.4.3\0"));
        File.WriteAllBytes(recent, Encoding.ASCII.GetBytes("\0GLIBCXX_3.4.30\0GLIBCXX_3.4.32\0"));

        Assert.True(GlibcxxVersionFix.SystemNeedsFix(new[] { old }));
        Assert.False(GlibcxxVersionFix.SystemNeedsFix(new[] { recent }));
        Assert.False(GlibcxxVersionFix.SystemNeedsFix(new[] { Path.Combine(folder, "absent") }));
        Assert.True(GlibcxxVersionFix.SystemNeedsFix(new[] { Path.Combine(folder, "absent"), old }));
    }
}
