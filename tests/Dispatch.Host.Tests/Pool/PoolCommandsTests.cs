using Dispatch.Engine.Pool;
using Dispatch.Host.Cli;

namespace Dispatch.Host.Tests.Pool;

public sealed class PoolCommandsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dispatch-pool-tests-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Generate_SmallPoolIntoNewFolder_WritesReadableSnapshot()
    {
        string path = Path.Combine(_folder.FullName, "nested", "pool.dpool");

        int exit = await RunAsync("pool", "generate", "--volunteers", "5000", "--seed", "9", "--out", path, "--now", "2025-06-15T10:00:00+08:00");

        Assert.Equal(0, exit);
        using var stream = File.OpenRead(path);
        var pool = PoolSnapshot.Read(stream);
        Assert.Equal(5000, pool.Count);
        Assert.NotEmpty(pool.Teams);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temporary file left behind
    }

    [Fact]
    public async Task Generate_SameSeedAndNow_SameFileBytes()
    {
        string a = Path.Combine(_folder.FullName, "a.dpool");
        string b = Path.Combine(_folder.FullName, "b.dpool");

        Assert.Equal(0, await RunAsync("pool", "generate", "--volunteers", "3000", "--out", a, "--now", "2025-01-01T00:00:00Z"));
        Assert.Equal(0, await RunAsync("pool", "generate", "--volunteers", "3000", "--out", b, "--now", "2025-01-01T00:00:00Z"));

        Assert.Equal(await File.ReadAllBytesAsync(a), await File.ReadAllBytesAsync(b));
    }

    [Fact]
    public async Task Generate_CitySubset_OnlyThoseCities()
    {
        string path = Path.Combine(_folder.FullName, "two-cities.dpool");

        Assert.Equal(0, await RunAsync("pool", "generate", "--volunteers", "2000", "--out", path, "--cities", "320100", "320500"));

        using var stream = File.OpenRead(path);
        var pool = PoolSnapshot.Read(stream);
        Assert.All(Enumerable.Range(0, pool.Count), v => Assert.Contains(pool.City(new VolunteerId(v)), new byte[] { 0, 4 }));
    }

    [Fact]
    public async Task Info_GeneratedFile_Succeeds()
    {
        string path = Path.Combine(_folder.FullName, "info.dpool");
        Assert.Equal(0, await RunAsync("pool", "generate", "--volunteers", "1000", "--out", path));

        Assert.Equal(0, await RunAsync("pool", "info", path));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("many")]
    public async Task Generate_BadVolunteerCount_NonZeroExit(string volunteers)
    {
        string path = Path.Combine(_folder.FullName, "bad.dpool");

        Assert.NotEqual(0, await RunAsync("pool", "generate", "--volunteers", volunteers, "--out", path));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Generate_BadNow_NonZeroExit()
    {
        Assert.NotEqual(0, await RunAsync("pool", "generate", "--volunteers", "10", "--out", Path.Combine(_folder.FullName, "x.dpool"), "--now", "yesterday-ish"));
    }

    [Fact]
    public async Task Generate_UnknownCity_NonZeroExit()
    {
        Assert.NotEqual(0, await RunAsync("pool", "generate", "--volunteers", "10", "--out", Path.Combine(_folder.FullName, "x.dpool"), "--cities", "110000"));
    }

    [Fact]
    public async Task Generate_MissingOut_NonZeroExit()
    {
        Assert.NotEqual(0, await RunAsync("pool", "generate", "--volunteers", "10"));
    }

    [Fact]
    public async Task Generate_UnwritablePath_NonZeroExitAndNoFile()
    {
        // A regular file where a folder should be: creating the folder fails even for root.
        string blocker = Path.Combine(_folder.FullName, "blocker");
        await File.WriteAllTextAsync(blocker, "not a folder");

        Assert.NotEqual(0, await RunAsync("pool", "generate", "--volunteers", "10", "--out", Path.Combine(blocker, "sub", "pool.dpool")));
    }

    [Fact]
    public async Task Generate_OutIsAFolder_NonZeroExit()
    {
        Assert.NotEqual(0, await RunAsync("pool", "generate", "--volunteers", "10", "--out", _folder.FullName));
    }

    [Fact]
    public async Task Info_MissingFile_NonZeroExit()
    {
        Assert.NotEqual(0, await RunAsync("pool", "info", Path.Combine(_folder.FullName, "absent.dpool")));
    }

    [Fact]
    public async Task Info_NotASnapshot_NonZeroExit()
    {
        string path = Path.Combine(_folder.FullName, "text.dpool");
        await File.WriteAllTextAsync(path, "this is not a pool snapshot, just some text that is long enough");

        Assert.NotEqual(0, await RunAsync("pool", "info", path));
    }

    [Fact]
    public async Task Info_TruncatedSnapshot_NonZeroExit()
    {
        string path = Path.Combine(_folder.FullName, "cut.dpool");
        Assert.Equal(0, await RunAsync("pool", "generate", "--volunteers", "1000", "--out", path));
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);

        Assert.NotEqual(0, await RunAsync("pool", "info", path));
    }

    private static Task<int> RunAsync(params string[] args) => DispatchCli.Build(args).Parse(args).InvokeAsync();
}
