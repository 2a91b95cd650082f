using System.Reflection;

namespace Dispatch.Architecture.Tests;

public sealed class EngineDependencyTests
{
    private static readonly Assembly Engine = typeof(Dispatch.Engine.Geo.GeoPoint).Assembly;

    [Fact]
    public void Engine_ReferencesOnlyBaseLibraryAndNetTopologySuite()
    {
        Assert.Empty(EngineDependencyRule.Violations(Engine));
    }

    [Fact]
    public void EngineProjectFile_ReferencesOnlyNetTopologySuite()
    {
        Assert.Empty(EngineDependencyRule.ProjectFileViolations(RepositoryFile("src/Dispatch.Engine/Dispatch.Engine.csproj")));
    }

    [Fact]
    public void Canary_HostAssemblyBreaksTheRule_ProvesTheCheckCanFail()
    {
        // The host references ASP.NET Core: if the rule accepted it, the rule would accept anything.
        var host = typeof(Dispatch.Host.Cli.DispatchCliMarker).Assembly;
        Assert.Contains(EngineDependencyRule.Violations(host), name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Canary_HostProjectFileBreaksTheRule_ProvesTheFileCheckCanFail()
    {
        Assert.NotEmpty(EngineDependencyRule.ProjectFileViolations(RepositoryFile("src/Dispatch.Host/Dispatch.Host.csproj")));
    }

    private static string RepositoryFile(string relative)
    {
        string root = typeof(EngineDependencyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        string path = Path.Combine(root, relative);
        Assert.True(File.Exists(path), $"{path} does not exist");
        return path;
    }
}
