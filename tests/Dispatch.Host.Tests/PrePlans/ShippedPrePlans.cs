using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.PrePlans;

namespace Dispatch.Host.Tests.PrePlans;

/// <summary>The real <c>src/Dispatch.Host/PrePlans/preplans.yaml</c>, found beside the Host build output or in the source tree.</summary>
internal static class ShippedPrePlans
{
    private static readonly Lazy<PrePlanBook> LazyBook = new(() => PrePlanYamlLoader.LoadFile(FindFile(), SkillCatalog.Default));

    public static PrePlanBook Book => LazyBook.Value;

    public static string FindFile()
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "PrePlans", "preplans.yaml");
        if (File.Exists(copied))
        {
            return copied;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dispatch.sln")))
            {
                return Path.Combine(dir.FullName, "src", "Dispatch.Host", "PrePlans", "preplans.yaml");
            }
        }

        throw new FileNotFoundException("preplans.yaml not found beside the test output nor above it (no Dispatch.sln).");
    }
}
