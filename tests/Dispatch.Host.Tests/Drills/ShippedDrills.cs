namespace Dispatch.Host.Tests.Drills;

/// <summary>The <c>drills/</c> folder: copied beside the Host build output, else found beside <c>Dispatch.sln</c>.</summary>
internal static class ShippedDrills
{
    public static string Folder()
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "drills");
        if (File.Exists(Path.Combine(copied, "scenario.schema.json")))
        {
            return copied;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dispatch.sln")))
            {
                return Path.Combine(dir.FullName, "drills");
            }
        }

        throw new DirectoryNotFoundException("drills/ not found beside the test output nor above it (no Dispatch.sln).");
    }

    public static string SchemaFile => Path.Combine(Folder(), "scenario.schema.json");

    /// <summary>Every scenario file, by file name (xunit data).</summary>
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder(), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }
}
