using Dispatch.Host.Cli;

namespace Dispatch.Host.Tests.Drills;

/// <summary>The <c>drill</c> verbs: run writes the report, list and validate check files, bad options exit non-zero.</summary>
public sealed class DrillCommandsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dispatch-drill-cli-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Run_ShippedFile_WritesHtmlAndCsvReport()
    {
        string out_ = Path.Combine(_folder.FullName, "report");

        int exit = await RunAsync("drill", "run", Path.Combine(ShippedDrills.Folder(), "wuxi-expressway-pileup.yaml"), "--speed", "max", "--seed", "5", "--team", "蓝队", "--out", out_);

        Assert.Equal(0, exit);
        Assert.Equal(["events.csv", "report.html", "requirements.csv", "volunteers.csv"], Directory.GetFiles(out_).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        string html = await File.ReadAllTextAsync(Path.Combine(out_, "report.html"));
        Assert.Contains("【演练】", html, StringComparison.Ordinal);
        Assert.Contains("蓝队", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("0")]
    [InlineData("-2")]
    public async Task Run_BadSpeed_ExitsNonZeroWithoutRunning(string speed)
    {
        string out_ = Path.Combine(_folder.FullName, "never");

        int exit = await RunAsync("drill", "run", Path.Combine(ShippedDrills.Folder(), "wuxi-expressway-pileup.yaml"), "--speed", speed, "--out", out_);

        Assert.NotEqual(0, exit);
        Assert.False(Directory.Exists(out_));
    }

    [Fact]
    public async Task ValidateAndList_ShippedFolder_Succeed()
    {
        var files = Directory.GetFiles(ShippedDrills.Folder(), "*.yaml");

        Assert.Equal(0, await RunAsync(["drill", "validate", .. files]));
        Assert.Equal(0, await RunAsync("drill", "list", "--folder", ShippedDrills.Folder()));
    }

    [Fact]
    public async Task ValidateAndRun_BrokenFile_ExitOne()
    {
        string broken = Path.Combine(_folder.FullName, "broken.yaml");
        await File.WriteAllTextAsync(broken, "version: 1\nid: broken\nextra: true\n");

        Assert.Equal(1, await RunAsync("drill", "validate", broken));
        Assert.Equal(1, await RunAsync("drill", "run", broken, "--out", Path.Combine(_folder.FullName, "r")));
    }

    private static Task<int> RunAsync(params string[] args) => DispatchCli.Build(args).Parse(args).InvokeAsync();
}
