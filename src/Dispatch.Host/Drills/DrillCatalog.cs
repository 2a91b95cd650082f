using Dispatch.Engine.Drills;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Host.Drills;

/// <summary>A scenario file found in a drills folder, loaded (or the error that stopped it loading).</summary>
public sealed record DrillFile(string Path, DrillScenario? Scenario, string? Error)
{
    public string FileName => System.IO.Path.GetFileName(Path);

    public string Id => Scenario?.Metadata.Id ?? System.IO.Path.GetFileNameWithoutExtension(Path).Replace('-', '_');
}

/// <summary>The scenario files of a drills folder (<c>*.yaml</c>), loaded with the pre-plan book, in file-name order.</summary>
public static class DrillCatalog
{
    /// <summary>
    /// The default folder: the nearest <c>drills/</c> with scenarios in the working directory or above it (the repository's,
    /// also under <c>dotnet run --project src/Dispatch.Host</c>), else the copy beside the binary.
    /// </summary>
    public static string DefaultFolder()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "drills");
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.yaml").Any())
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "drills");
    }

    public static IReadOnlyList<DrillFile> Load(string folder, PrePlanBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).Select(path => LoadOne(path, book))];
    }

    public static DrillFile LoadOne(string path, PrePlanBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        try
        {
            return new DrillFile(Path.GetFullPath(path), DrillScenarioLoader.LoadFile(path, book.Catalog, book), null);
        }
        catch (Exception e) when (e is DrillFormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new DrillFile(Path.GetFullPath(path), null, e.Message);
        }
    }
}
