// Makes TorchSharp 0.107.0's native library load on Linux systems whose libstdc++ predates GCC 13.
//
// libLibTorchSharp.so asks the dynamic loader for the symbol version GLIBCXX_3.4.32, which Debian 12 and
// Ubuntu 22.04 (libstdc++ up to 3.4.30) do not have, so the loader refuses the library. The only symbol
// bound to that version is the marker _ZSt21ios_base_library_initv, which nothing needs at run time.
// ELF lets a version requirement be "weak" (flag VER_FLG_WEAK on its Vernaux entry in .gnu.version_r):
// a missing weak version is not an error. This file sets that flag, after checking that the file is
// exactly what we expect, and does nothing where libstdc++ already has the version.
//
// It is compiled twice: by MSBuild as an inline task (lib/build/TorchSharpNativeFix.targets), and by the
// tests, which define GLIBCXX_FIX_NO_MSBUILD so that the task class (which needs MSBuild) is left out.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

public static class GlibcxxVersionFix
{
    public const string MissingVersion = "GLIBCXX_3.4.32";
    public const string OnlySymbolAtThatVersion = "_ZSt21ios_base_library_initv";

    const uint SHT_GNU_verneed = 0x6ffffffe;
    const uint SHT_GNU_versym = 0x6fffffff;
    const uint SHT_DYNSYM = 11;
    const ushort VER_FLG_WEAK = 0x2;

    public enum Outcome { Patched, AlreadyPatched }

    /// <summary>Where the dynamic loader usually finds libstdc++ on 64-bit Linux distributions.</summary>
    public static readonly string[] SystemLibstdcxxPaths =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    /// <summary>
    /// True when the first libstdc++ found on the system does not define <see cref="MissingVersion"/>.
    /// The version names are plain strings in the library's dynamic string table, so a byte search is enough.
    /// </summary>
    public static bool SystemNeedsFix(IEnumerable<string> libstdcxxCandidates)
    {
        string? found = libstdcxxCandidates.FirstOrDefault(File.Exists);
        if (found == null) return false; // No libstdc++ where we look (musl, unusual layout): leave files alone.
        byte[] library = File.ReadAllBytes(found);
        return IndexOf(library, Encoding.ASCII.GetBytes(MissingVersion + "\0")) < 0;
    }

    /// <summary>
    /// Marks the GLIBCXX_3.4.32 requirement of <paramref name="path"/> weak. Writes a patched copy next to the
    /// file and renames it over the original, so a reader never sees a half-written library.
    /// Throws <see cref="InvalidDataException"/> when the file is not the library this fix was written for.
    /// </summary>
    public static Outcome Apply(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        int flagsOffset = FindRequirementFlagsOffset(elf, path);
        ushort flags = BitConverter.ToUInt16(elf, flagsOffset);
        if ((flags & VER_FLG_WEAK) != 0) return Outcome.AlreadyPatched;

        byte[] weakFlags = BitConverter.GetBytes((ushort)(flags | VER_FLG_WEAK));
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.Copy(path, temporary); // keeps the file's permissions
            using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
            {
                stream.Position = flagsOffset;
                stream.Write(weakFlags, 0, weakFlags.Length);
            }
            File.Replace(temporary, path, null); // a rename on Linux: atomic
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        return Outcome.Patched;
    }

    /// <summary>
    /// Patches every libLibTorchSharp.so under a TorchSharp package folder (the package's own copy and the copy
    /// TorchSharp makes next to TorchSharp.dll inside notebook hosts) when the system needs it; returns the files patched.
    /// </summary>
    public static List<string> PatchPackageFolder(string packageFolder)
    {
        var patched = new List<string>();
        bool isLinux = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux);
        if (!isLinux || !Directory.Exists(packageFolder) || !SystemNeedsFix(SystemLibstdcxxPaths)) return patched;
        foreach (string library in Directory.EnumerateFiles(packageFolder, "libLibTorchSharp.so", SearchOption.AllDirectories))
            if (Apply(library) == Outcome.Patched) patched.Add(library);
        return patched;
    }

    /// <summary>True when the file's GLIBCXX_3.4.32 requirement is already weak.</summary>
    public static bool IsPatched(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        return (BitConverter.ToUInt16(elf, FindRequirementFlagsOffset(elf, path)) & VER_FLG_WEAK) != 0;
    }

    /// <summary>
    /// Finds the vna_flags field of the Vernaux entry "GLIBCXX_3.4.32" in .gnu.version_r, after checking
    /// that only the harmless marker symbol is bound to that version.
    /// </summary>
    static int FindRequirementFlagsOffset(byte[] elf, string path)
    {
        Section[] sections = ReadSections(elf, path);
        Section verneed = sections.SingleOrDefault(s => s.Type == SHT_GNU_verneed)
            ?? throw Unexpected(path, "it has no .gnu.version_r section");
        Section strings = sections[verneed.Link];

        int entry = checked((int)verneed.Offset);
        for (uint need = 0; need < verneed.Info; need++)
        {
            ushort auxCount = BitConverter.ToUInt16(elf, entry + 2);
            string file = ReadString(elf, strings, BitConverter.ToUInt32(elf, entry + 4));
            int aux = entry + checked((int)BitConverter.ToUInt32(elf, entry + 8));
            for (int a = 0; a < auxCount; a++)
            {
                string version = ReadString(elf, strings, BitConverter.ToUInt32(elf, aux + 8));
                if (file == "libstdc++.so.6" && version == MissingVersion)
                {
                    ushort versionIndex = BitConverter.ToUInt16(elf, aux + 6);
                    CheckOnlyMarkerUsesVersion(elf, sections, versionIndex, path);
                    return aux + 4;
                }
                aux += checked((int)BitConverter.ToUInt32(elf, aux + 12));
            }
            entry += checked((int)BitConverter.ToUInt32(elf, entry + 12));
        }
        throw Unexpected(path, $"it does not require {MissingVersion} from libstdc++.so.6");
    }

    /// <summary>Making a version weak is only safe if no real function is bound to it.</summary>
    static void CheckOnlyMarkerUsesVersion(byte[] elf, Section[] sections, ushort versionIndex, string path)
    {
        Section versym = sections.SingleOrDefault(s => s.Type == SHT_GNU_versym)
            ?? throw Unexpected(path, "it has no .gnu.version section");
        Section dynsym = sections.Single(s => s.Type == SHT_DYNSYM);
        Section names = sections[dynsym.Link];
        const int symbolSize = 24; // sizeof(Elf64_Sym)
        var bound = new List<string>();
        for (int i = 0; i < (int)(dynsym.Size / symbolSize); i++)
        {
            ushort symbolVersion = (ushort)(BitConverter.ToUInt16(elf, (int)versym.Offset + 2 * i) & 0x7fff);
            if (symbolVersion == versionIndex)
                bound.Add(ReadString(elf, names, BitConverter.ToUInt32(elf, (int)dynsym.Offset + symbolSize * i)));
        }
        if (bound.Count != 1 || bound[0] != OnlySymbolAtThatVersion)
            throw Unexpected(path, $"symbols other than {OnlySymbolAtThatVersion} need {MissingVersion}: {string.Join(", ", bound)}");
    }

    sealed class Section
    {
        public uint Type, Link, Info;
        public ulong Offset, Size;
    }

    static Section[] ReadSections(byte[] elf, string path)
    {
        bool isElf64LittleEndian = elf.Length > 64 && elf[0] == 0x7f && elf[1] == (byte)'E' && elf[2] == (byte)'L'
            && elf[3] == (byte)'F' && elf[4] == 2 && elf[5] == 1;
        if (!isElf64LittleEndian) throw Unexpected(path, "it is not a 64-bit little-endian ELF file");

        ulong tableOffset = BitConverter.ToUInt64(elf, 0x28);
        ushort entrySize = BitConverter.ToUInt16(elf, 0x3A);
        ushort count = BitConverter.ToUInt16(elf, 0x3C);
        if (entrySize != 64 || tableOffset + (ulong)count * 64 > (ulong)elf.Length)
            throw Unexpected(path, "its section header table is missing or truncated");

        var sections = new Section[count];
        for (int i = 0; i < count; i++)
        {
            int h = checked((int)tableOffset + i * 64);
            sections[i] = new Section
            {
                Type = BitConverter.ToUInt32(elf, h + 4),
                Offset = BitConverter.ToUInt64(elf, h + 24),
                Size = BitConverter.ToUInt64(elf, h + 32),
                Link = BitConverter.ToUInt32(elf, h + 40),
                Info = BitConverter.ToUInt32(elf, h + 44),
            };
        }
        return sections;
    }

    static string ReadString(byte[] elf, Section table, uint offset)
    {
        int start = checked((int)(table.Offset + offset));
        int end = Array.IndexOf(elf, (byte)0, start);
        return Encoding.ASCII.GetString(elf, start, end - start);
    }

    static int IndexOf(byte[] haystack, byte[] needle)
    {
        // Plain loops: MSBuild compiles this file against netstandard2.0, which has no span search.
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    static InvalidDataException Unexpected(string path, string what) => new(
        $"Cannot apply the GLIBCXX fix to {path}: {what}. The fix was written for TorchSharp 0.107.0's " +
        "libLibTorchSharp.so; if TorchSharp was upgraded, check whether the fix is still needed (lib/build/README.md).");
}

#if !GLIBCXX_FIX_NO_MSBUILD
/// <summary>MSBuild task: patches every libLibTorchSharp.so under the TorchSharp package folder when needed.</summary>
public class FixTorchSharpGlibcxx : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required] public string PackageFolder { get; set; } = "";

    public override bool Execute()
    {
        try
        {
            foreach (string library in GlibcxxVersionFix.PatchPackageFolder(PackageFolder))
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                    $"TorchSharp fix: marked {GlibcxxVersionFix.MissingVersion} weak in {library} (this system's libstdc++ lacks it).");
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Log.LogError(e.Message);
            return false;
        }
    }
}
#endif
