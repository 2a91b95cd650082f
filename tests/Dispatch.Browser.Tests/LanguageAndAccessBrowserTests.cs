using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dispatch.Browser.Tests;

/// <summary>The English switch, the trainer's read-only board and the sign-in guard, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LanguageAndAccessBrowserTests(BrowserFixture fixture)
{
    private readonly Pages _pages = new(fixture);

    [Fact]
    public async Task Board_WithoutSignIn_GoesToLogin()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _pages.Base.ToString() });
        await using var _ = context;
        var page = await context.NewPageAsync();

        await page.GotoAsync("/board");

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        await Expect(page.Locator("#login-submit")).ToHaveTextAsync("登录");
    }

    [Fact]
    public async Task LanguageSwitch_ShowsTheBoardInEnglish()
    {
        var (context, board, _) = await _pages.OpenBoardAsync();
        await using var _ = context;

        await board.GetByTestId("lang-switch").ClickAsync();

        await Expect(board.GetByTestId("live-state")).ToHaveTextAsync("Live");
        await Expect(board.GetByText("Emergency volunteer command board")).ToBeVisibleAsync();
        Assert.Contains("lang=en", board.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trainer_SeesTheBoardButCannotCommand()
    {
        var (context, board, _) = await _pages.OpenBoardAsync("trainer");
        await using var _ = context;

        await Expect(board.GetByText("训练员·只读", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(board.GetByTestId("new-incident")).ToHaveCountAsync(0);
    }
}
