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
    /// The default folder: <c>drills/</c> in the working directory if there is one, else the copy beside the binary.
    /// </summary>
    public static string DefaultFolder()
    {
        string local = Path.GetFullPath("drills");
        return Directory.Exists(local) && Directory.EnumerateFiles(local, "*.yaml").Any()
            ? local
            : Path.Combine(AppContext.BaseDirectory, "drills");
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
