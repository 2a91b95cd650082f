using System.Reflection;
using System.Xml.Linq;

namespace Dispatch.Architecture.Tests;

/// <summary>
/// The rule that keeps the Engine pure: its assembly may reference only the base class library and
/// NetTopologySuite, and its project file may reference only the NetTopologySuite package.
/// </summary>
internal static class EngineDependencyRule
{
    private static readonly string[] AllowedAssemblyPrefixes = ["System", "Microsoft.Win32", "netstandard", "mscorlib", "NetTopologySuite"];

    private static readonly string[] ForbiddenAssemblyPrefixes =
        ["Microsoft.AspNetCore", "Microsoft.Extensions", "StackExchange.Redis", "Hangfire", "MudBlazor", "Microsoft.EntityFrameworkCore",
         "Microsoft.Data", "Npgsql", "Dapper", "System.Net.Http", "System.Data", "YamlDotNet", "Spectre"];

    /// <summary>Assembly references that break the rule; empty when the assembly is clean.</summary>
    public static IReadOnlyList<string> Violations(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies()
            .Select(a => a.Name ?? string.Empty)
            .Where(name => !AllowedAssemblyPrefixes.Any(p => name == p || name.StartsWith(p + ".", StringComparison.Ordinal))
                           || ForbiddenAssemblyPrefixes.Any(p => name == p || name.StartsWith(p + ".", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)];

    /// <summary>Package and project references of a project file other than NetTopologySuite.</summary>
    public static IReadOnlyList<string> ProjectFileViolations(string csprojPath)
    {
        var doc = XDocument.Load(csprojPath);
        var packages = doc.Descendants("PackageReference").Select(e => (string?)e.Attribute("Include") ?? string.Empty);
        var projects = doc.Descendants("ProjectReference").Select(e => "project:" + ((string?)e.Attribute("Include") ?? string.Empty));
        return [.. packages.Where(p => p != "NetTopologySuite").Concat(projects)];
    }
}
