using Dispatch.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Dispatch.Host.Realtime;

/// <summary>
/// <c>/hubs/board</c>: the command board's live stream of committed changes. The board loads a snapshot over HTTP
/// (<c>GET /api/incidents</c>) and then applies <see cref="IBoardClient.BoardEvent"/>s; it has no hub methods to call
/// because every command goes through the API's use cases.
/// </summary>
[Authorize(Policy = DispatchPolicies.Board)]
public sealed class BoardHub : Hub<IBoardClient>
{
    public const string Path = "/hubs/board";
    public const string Group = "board";

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, Group, Context.ConnectionAborted).ConfigureAwait(false);
        await base.OnConnectedAsync().ConfigureAwait(false);
    }
}
