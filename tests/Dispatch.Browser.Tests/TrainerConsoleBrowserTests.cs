using System.Net;
using Dispatch.Engine.Pool;
using Dispatch.Host.Auth;
using Dispatch.Host.Startup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dispatch.Browser.Tests;

/// <summary>
/// The trainer console (【演练】) in a real browser: a trainer starts the smallest shipped scenario at max speed, watches
/// its scoreboard reach a final score and finds the kept result; a two-team competition shows a ranked leaderboard.
/// Its own host, because drills need the shipped pre-plan book (the board tests' host has a one-plan book); the
/// collection is not parallel, so it never overlaps the board tests' host (Hangfire's static state).
/// </summary>
[Collection(TrainerBrowserCollection.Name)]
public sealed class TrainerConsoleBrowserTests(TrainerBrowserFixture fixture)
{
    /// <summary>The shipped scenario with the shortest run (about a second at max speed).</summary>
    public const string Scenario = "wuxi_expressway_pileup";

    [Fact]
    public async Task TrainerConsole_StartScenarioAtMaxSpeed_ScoreboardFinishesWithScoreAndResultIsKept()
    {
        var (context, page, errors) = await fixture.OpenConsoleAsync();
        await using var _ = context;

        var scenario = page.Locator($"[data-testid=scenario][data-scenario={Scenario}]");
        await Expect(scenario).ToContainTextAsync("【演练】");
        await Expect(scenario.GetByTestId("scenario-band")).ToHaveTextAsync("[90, 100]");
        await FillAsync(page, "start-team", "无锡一队");
        await scenario.GetByTestId("scenario-start").ClickAsync();

        var run = page.Locator("[data-testid=drill-run]").Filter(new() { Has = page.Locator("[data-testid=run-team]", new() { HasText = "无锡一队" }) });
        await Expect(run).ToHaveAttributeAsync("data-state", "completed");
        await Expect(run.GetByTestId("run-state")).ToHaveTextAsync("已完成");
        await Expect(run.GetByTestId("run-score")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d\d$"));
        await Expect(run.GetByTestId("run-band-verdict")).ToBeVisibleAsync();
        await Expect(run.GetByTestId("run-report")).ToBeVisibleAsync();
        await Expect(run.GetByTestId("run-seats")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+/\d+$"));
        string score = await run.GetByTestId("run-score").TextContentAsync() ?? "";
        await fixture.ScreenshotAsync(page, "trainer-console-run");

        await page.GetByRole(AriaRole.Tab, new() { Name = "结果与评单" }).ClickAsync();
        var result = page.Locator("[data-testid=result-row][data-team='无锡一队']");
        await Expect(result).ToHaveCountAsync(1);
        await Expect(result).ToContainTextAsync("【演练】");
        await Expect(result.GetByTestId("result-score")).ToHaveTextAsync(score);

        await page.GetByRole(AriaRole.Tab, new() { Name = "队伍评估" }).ClickAsync();
        await Expect(page.Locator("[data-testid=evaluation-row][data-team='无锡一队']")).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TrainerConsole_CompetitionOfTwoTeams_ShowsTwoRankedRows()
    {
        var (context, page, errors) = await fixture.OpenConsoleAsync();
        await using var _ = context;

        await page.GetByRole(AriaRole.Tab, new() { Name = "比武竞赛" }).ClickAsync();
        await FillAsync(page, "cmp-name", "无锡比武");
        await page.GetByTestId("cmp-scenario").SelectOptionAsync(Scenario);
        await FillAsync(page, "cmp-teams", "红队\n蓝队 | 60 | 25");
        await page.GetByTestId("cmp-start").ClickAsync();

        var board = page.Locator("[data-testid=leaderboard]").Filter(new() { HasText = "无锡比武" });
        await Expect(board).ToHaveAttributeAsync("data-finished", "true");
        await Expect(board.GetByTestId("leaderboard-state")).ToHaveTextAsync("最终排名");
        var rows = board.GetByTestId("leaderboard-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-rank", "1");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-rank", "2");
        var teams = new[] { await rows.Nth(0).GetAttributeAsync("data-team"), await rows.Nth(1).GetAttributeAsync("data-team") };
        Assert.Equal(["红队", "蓝队"], teams.Order(StringComparer.Ordinal));
        double first = double.Parse(await rows.Nth(0).GetByTestId("leaderboard-score").TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);
        double second = double.Parse(await rows.Nth(1).GetByTestId("leaderboard-score").TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(first >= second, $"rank 1 scored {first}, rank 2 {second}");
        await fixture.ScreenshotAsync(page, "trainer-console-competition");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TrainerConsole_Commander_SeesOnlyTheTeamEvaluation()
    {
        var (context, page, _) = await fixture.OpenConsoleAsync(DemoAccounts.Commander);
        await using var _ = context;

        await Expect(page.GetByTestId("team-evaluation")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("scenario-start")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "比武竞赛" })).ToHaveCountAsync(0);
    }

    private static async Task FillAsync(IPage page, string testId, string value)
    {
        var input = page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }
}

/// <summary>The host for the trainer console: the shipped pre-plans and drills, a tiny live pool, trainer and commander accounts.</summary>
public sealed class TrainerHostFactory : WebApplicationFactory<Program>
{
    public TrainerHostFactory()
    {
        DataFolderPath = Directory.CreateTempSubdirectory("dispatch-trainer-tests-").FullName;
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    public string DataFolderPath { get; }

    public Uri BaseUri
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Dispatch:DataFolder", DataFolderPath);
        builder.UseSetting("Dispatch:PrintBanner", "false");
        builder.UseSetting("Dispatch:JobWorkers", "1");
        builder.ConfigureTestServices(services =>
        {
            // Drills run on their own generated pools; the live pool only has to exist.
            services.AddSingleton(_ => new LivePool(new VolunteerPool(SkillCatalog.Default, 1), PoolOrigin.Generated));
            services.AddSingleton<IUserDirectory>(InMemoryUserDirectory.Create(
            [
                (DemoAccounts.Trainer, DispatchRoles.Trainer, null, BoardHostFactory.Password),
                (DemoAccounts.Commander, DispatchRoles.Commander, null, BoardHostFactory.Password),
            ]));
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataFolderPath))
        {
            Directory.Delete(DataFolderPath, recursive: true);
        }
    }
}

/// <summary>One trainer host and one headless Debian chromium for the trainer console tests.</summary>
public sealed class TrainerBrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private readonly string _screenshots = FindScreenshotFolder();

    public TrainerHostFactory Host { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            throw new InvalidOperationException($"{BrowserFixture.ChromiumPath} is missing: install Debian's chromium and fonts-wqy-microhei (./test.sh does).");
        }

        _ = Host.BaseUri;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
        Assertions.SetDefaultExpectTimeout(BrowserFixture.ExpectTimeoutMs);
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

    /// <summary>A signed-in trainer console (desktop viewport, Beijing time), with console errors collected.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenConsoleAsync(string user = DemoAccounts.Trainer)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUri.ToString(), ViewportSize = new ViewportSize { Width = 1600, Height = 1000 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync($"/login?returnUrl={Uri.EscapeDataString("/trainer")}");
        await page.Locator("#login-user").FillAsync(user);
        await page.Locator("#login-password").FillAsync(BoardHostFactory.Password);
        await page.Locator("#login-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/trainer");
        await Expect(page.GetByTestId("console-live")).ToBeVisibleAsync();
        return (context, page, errors);
    }

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_screenshots, name + ".png") });

    /// <summary><c>test-output/screenshots</c> at the repository root, as the board tests use.</summary>
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
public sealed class TrainerBrowserCollection : ICollectionFixture<TrainerBrowserFixture>
{
    public const string Name = "trainer-browser";
}
