using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dispatch.Browser.Tests;

/// <summary>
/// End to end in a real browser against the real host: the commander opens an incident on the board, the volunteer's
/// phone page gets the offer and answers it, and the board follows live. Every wait is on a condition.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DispatchFlowBrowserTests(BrowserFixture fixture)
{
    private readonly Pages _pages = new(fixture);

    [Fact]
    public async Task CreateIncident_VolunteerAccepts_BoardFillAdvancesAndVolunteerShowsOnMap()
    {
        const int cluster = 0;
        int volunteer = BoardHostFactory.VolunteerOf(cluster, 0);
        var (volunteerContext, phone, phoneErrors) = await _pages.OpenVolunteerAsync(volunteer);
        var (boardContext, board, boardErrors) = await _pages.OpenBoardAsync();
        await using var _ = volunteerContext;
        await using var __ = boardContext;

        long incident = await _pages.CreateIncidentAsync(board, cluster, "南京市玄武区集合点 A");
        var queueItem = Pages.QueueItem(board, incident);
        await Expect(queueItem.GetByTestId("fill-count")).ToHaveTextAsync("0/1");

        var card = Pages.OfferCard(phone);
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("南京市玄武区集合点 A");
        await Expect(card).ToContainTextAsync("风险告知");
        await Expect(card.GetByTestId("offer-countdown")).ToContainTextAsync("请在此时间内答复 9:");
        await _pages.ScreenshotAsync(phone, "volunteer-offer");

        await card.GetByTestId("accept").ClickAsync();
        await Expect(card).ToHaveCountAsync(0);
        var task = phone.GetByTestId("task-card");
        await Expect(task).ToBeVisibleAsync();
        await Expect(task).ToHaveAttributeAsync("data-state", "accepted");
        await Expect(task.GetByTestId("navigate")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^geo:"));

        await Expect(queueItem.GetByTestId("fill-count")).ToHaveTextAsync("1/1");
        await Expect(board.Locator($".volunteer-marker[data-volunteer='{volunteer}']")).ToBeVisibleAsync();
        await board.GetByRole(AriaRole.Tab, new() { Name = "已派志愿者" }).ClickAsync();
        await Expect(board.Locator($"[data-testid=assignment-row][data-volunteer='{volunteer}']")).ToHaveCountAsync(1);

        await task.GetByTestId("en-route").ClickAsync();
        await Expect(phone.GetByTestId("task-card")).ToHaveAttributeAsync("data-state", "en_route");
        await Expect(board.Locator($"[data-testid=assignment-row][data-volunteer='{volunteer}']")).ToHaveAttributeAsync("data-state", "en_route");
        await board.GetByRole(AriaRole.Tab, new() { Name = "候选人" }).ClickAsync();
        await Expect(board.GetByTestId("candidate-row").First).ToBeVisibleAsync();
        await _pages.ScreenshotAsync(board, "board-incident");
        await _pages.ScreenshotAsync(phone, "volunteer-task");

        await board.GetByRole(AriaRole.Tab, new() { Name = "资源库" }).ClickAsync();
        await Expect(board.GetByTestId("pool-table")).ToContainTextAsync("南京");
        await _pages.ScreenshotAsync(board, "board-pool");

        Assert.Empty(phoneErrors);
        Assert.Empty(boardErrors);
    }

    [Fact]
    public async Task VolunteerDeclines_NextCandidateGetsTheOffer_BoardShowsTheDecline()
    {
        const int cluster = 1;
        int first = BoardHostFactory.VolunteerOf(cluster, 0);
        int second = BoardHostFactory.VolunteerOf(cluster, 1);
        var (firstContext, firstPhone, _) = await _pages.OpenVolunteerAsync(first);
        var (secondContext, secondPhone, _) = await _pages.OpenVolunteerAsync(second);
        var (boardContext, board, _) = await _pages.OpenBoardAsync();
        await using var c1 = firstContext;
        await using var c2 = secondContext;
        await using var c3 = boardContext;

        long incident = await _pages.CreateIncidentAsync(board, cluster, "无锡集合点 B");
        var card = Pages.OfferCard(firstPhone);
        await Expect(card).ToBeVisibleAsync();
        await Expect(Pages.OfferCard(secondPhone)).ToHaveCountAsync(0);

        await card.GetByTestId("decline").ClickAsync();
        await card.GetByTestId("decline-reason").FillAsync("正在照顾家人");
        await card.GetByTestId("confirm-decline").ClickAsync();
        await Expect(card).ToHaveCountAsync(0);

        await Expect(Pages.OfferCard(secondPhone)).ToBeVisibleAsync();
        await board.GetByRole(AriaRole.Tab, new() { Name = "派单进程" }).ClickAsync();
        await Expect(board.Locator("[data-testid=offer-row][data-state=declined]")).ToContainTextAsync("正在照顾家人");
        await Expect(board.Locator("[data-testid=offer-row][data-state=pending]")).ToHaveCountAsync(1);
        await Expect(Pages.QueueItem(board, incident).GetByTestId("fill-count")).ToHaveTextAsync("0/1");
        await _pages.ScreenshotAsync(board, "board-decline");
    }

    [Fact]
    public async Task VolunteerGoesOffline_OfferSentMeanwhile_ArrivesAfterReconnect()
    {
        const int cluster = 2;
        int volunteer = BoardHostFactory.VolunteerOf(cluster, 0);
        var (phoneContext, phone, _) = await _pages.OpenVolunteerAsync(volunteer);
        var (boardContext, board, _) = await _pages.OpenBoardAsync();
        await using var c1 = phoneContext;
        await using var c2 = boardContext;

        // The phone loses its network: HTTP fails and the hub's websocket is cut (Chromium's offline mode alone leaves
        // an open websocket up, so the route closes it too and refuses new ones while offline).
        bool offline = true;
        await phone.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/hubs/volunteer"), ws =>
        {
            if (offline)
            {
                _ = ws.CloseAsync();
                return;
            }

            ws.ConnectToServer();
        });
        await phoneContext.SetOfflineAsync(true);
        await phone.EvaluateAsync("() => window.dispatchEvent(new Event('offline'))");
        await Expect(phone.GetByTestId("offline-banner")).ToBeVisibleAsync();

        long incident = await _pages.CreateIncidentAsync(board, cluster, "徐州集合点 C");
        await Expect(Pages.QueueItem(board, incident).GetByTestId("fill-count")).ToHaveTextAsync("0/1");
        await board.GetByRole(AriaRole.Tab, new() { Name = "派单进程" }).ClickAsync();
        await Expect(board.Locator("[data-testid=offer-row][data-state=pending]")).ToHaveCountAsync(1);
        await Expect(Pages.OfferCard(phone)).ToHaveCountAsync(0);
        await _pages.ScreenshotAsync(phone, "volunteer-offline");

        offline = false;
        await phoneContext.SetOfflineAsync(false);
        await phone.EvaluateAsync("() => window.dispatchEvent(new Event('online'))");

        var card = Pages.OfferCard(phone);
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("徐州集合点 C");
        await Expect(phone.GetByTestId("offline-banner")).ToBeHiddenAsync();

        await card.GetByTestId("accept").ClickAsync();
        await Expect(Pages.QueueItem(board, incident).GetByTestId("fill-count")).ToHaveTextAsync("1/1");
    }
}
