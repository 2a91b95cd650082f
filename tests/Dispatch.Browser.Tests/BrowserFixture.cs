using Microsoft.Playwright;

namespace Dispatch.Browser.Tests;

/// <summary>
/// One host and one headless Debian chromium for the collection. Playwright's bundled driver runs offline when given
/// the system browser (docs: ENVIRONMENT.md); <c>./test.sh</c> installs <c>chromium</c> and <c>fonts-wqy-microhei</c>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long an expectation waits for its condition (auto-waiting; never a sleep).</summary>
    public const float ExpectTimeoutMs = 30_000;

    private IPlaywright? _playwright;

    public BoardHostFactory Host { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Where screenshots go: <c>test-output/screenshots</c> at the repository root (beside the test results).</summary>
    public string ScreenshotFolder { get; } = FindScreenshotFolder();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium and fonts-wqy-microhei (./test.sh does).");
        }

        _ = Host.BaseUri;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Host.DisposeAsync();
    }

    private static string FindScreenshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dispatch.sln")))
        {
            dir = dir.Parent;
        }

        string folder = dir is null ? Path.Combine(AppContext.BaseDirectory, "screenshots") : Path.Combine(dir.FullName, "test-output", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
