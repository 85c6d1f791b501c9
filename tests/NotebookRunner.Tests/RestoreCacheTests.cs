namespace NotebookRunner.Tests;

public sealed class RestoreCacheTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("restore-cache-").FullName;
    string Cache => Path.Combine(folder, "Cache");
    string Packages => Path.Combine(folder, "packages");

    public RestoreCacheTests()
    {
        Directory.CreateDirectory(Cache);
        Directory.CreateDirectory(Path.Combine(Packages, "demo", "1.0.0", "lib"));
        File.WriteAllText(Path.Combine(Packages, "demo", "1.0.0", "lib", "Demo.dll"), "");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    void Entry(string key, string packageFolder, string assembly)
    {
        File.WriteAllText(Path.Combine(Cache, key + ".resolvedReferences.paths"), $"Demo,1.0.0,{packageFolder},{assembly},runtime,False,,\n");
        File.WriteAllText(Path.Combine(Cache, key + ".csx"), $"#r \"{assembly}\"\n");
    }

    [Fact]
    public void Keeps_entries_whose_files_exist_in_the_current_package_folder()
    {
        Entry("good", Path.Combine(Packages, "demo", "1.0.0") + "/", Path.Combine(Packages, "demo", "1.0.0", "lib", "Demo.dll"));
        Assert.Equal(0, RestoreCache.RemoveStaleEntries(Cache, Packages));
        Assert.Equal(2, Directory.GetFiles(Cache).Length);
    }

    [Fact]
    public void Removes_entries_that_point_at_missing_files_or_another_package_folder()
    {
        Entry("moved", "/old/packages/demo/1.0.0/", "/old/packages/demo/1.0.0/lib/Demo.dll");
        Entry("elsewhere", Path.Combine(folder, "demo") + "/", Path.Combine(Packages, "demo", "1.0.0", "lib", "Demo.dll"));
        Entry("good", Path.Combine(Packages, "demo", "1.0.0") + "/", Path.Combine(Packages, "demo", "1.0.0", "lib", "Demo.dll"));
        Assert.Equal(2, RestoreCache.RemoveStaleEntries(Cache, Packages));
        Assert.Equal(new[] { "good.csx", "good.resolvedReferences.paths" }, Directory.GetFiles(Cache).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_missing_cache_folder_is_nothing_to_do()
    {
        Assert.Equal(0, RestoreCache.RemoveStaleEntries(Path.Combine(folder, "absent"), Packages));
    }
}
