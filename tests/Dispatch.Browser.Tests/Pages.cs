using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dispatch.Browser.Tests;

/// <summary>Intent methods over the pages, so the tests read as what a commander and a volunteer do.</summary>
public sealed class Pages(BrowserFixture fixture)
{
    public Uri Base => fixture.Host.BaseUri;

    /// <summary>A signed-in command board page (desktop viewport), with console errors collected.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenBoardAsync(string user = "commander")
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Base.ToString(), ViewportSize = new ViewportSize { Width = 1600, Height = 1000 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
        });
        var page = await context.NewPageAsync();
        var errors = Collect(page);
        await SignInAsync(page, user, "/board");
        await Expect(page.GetByTestId("live-state")).ToHaveTextAsync("实时");
        await Expect(page.Locator(".board-map .leaflet-container, .board-map.leaflet-container")).ToBeVisibleAsync();
        return (context, page, errors);
    }

    /// <summary>A signed-in volunteer page on a phone-sized viewport, connected to its hub.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenVolunteerAsync(int volunteer)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Base.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
            Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
        });
        var page = await context.NewPageAsync();
        var errors = Collect(page);
        await SignInAsync(page, BoardHostFactory.UserOf(volunteer), "/volunteer");
        await Expect(page.Locator("#who")).ToContainTextAsync($"#{volunteer}");
        await Expect(page.GetByTestId("duty-toggle")).ToBeCheckedAsync();
        await Expect(page.GetByTestId("offline-banner")).ToBeHiddenAsync();
        return (context, page, errors);
    }

    /// <summary>Opens an incident from the board: click the map, set the place to the cluster's centre, submit.</summary>
    public async Task<long> CreateIncidentAsync(IPage board, int cluster, string meetingPoint)
    {
        var centre = BoardHostFactory.CentreOf(cluster);
        var map = board.GetByTestId("board-map");
        await map.ClickAsync(new LocatorClickOptions { Position = new Position { X = 300, Y = 200 } });
        var dialog = board.GetByTestId("create-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await FillAsync(Input(board, "create-lat"), centre.Latitude.ToString("0.00000", CultureInfo.InvariantCulture));
        await FillAsync(Input(board, "create-lon"), centre.Longitude.ToString("0.00000", CultureInfo.InvariantCulture));
        await FillAsync(Input(board, "create-meeting"), meetingPoint);
        await board.GetByTestId("create-preview").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(board.GetByTestId("preview-row").First).ToBeVisibleAsync();
        await board.GetByTestId("create-submit").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var detail = board.GetByTestId("incident-detail");
        await Expect(detail).ToBeVisibleAsync();
        await Expect(detail).ToContainTextAsync(meetingPoint);
        return long.Parse(await detail.GetAttributeAsync("data-incident") ?? "0", CultureInfo.InvariantCulture);
    }

    public static ILocator QueueItem(IPage board, long incident) => board.Locator($"[data-testid=queue-item][data-incident='{incident}']");

    public static ILocator OfferCard(IPage volunteer) => volunteer.GetByTestId("offer-card");

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotFolder, name + ".png"), FullPage = false });

    /// <summary>A MudBlazor field's input, whether the test id lands on the input or on its wrapper.</summary>
    private static ILocator Input(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    private static async Task FillAsync(ILocator input, string value)
    {
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }

    private static async Task SignInAsync(IPage page, string user, string target)
    {
        await page.GotoAsync($"/login?returnUrl={Uri.EscapeDataString(target)}");
        await page.Locator("#login-user").FillAsync(user);
        await page.Locator("#login-password").FillAsync(BoardHostFactory.Password);
        await page.Locator("#login-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == target);
    }

    private static List<string> Collect(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }
}
