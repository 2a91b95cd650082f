using System.Net;
using System.Reflection;
using Dispatch.Host.Auth;
using Dispatch.Host.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dispatch.Host.Tests.Realtime;

/// <summary>
/// Every hub and every hub method × every role (and anonymous): who may connect, and what a permitted caller gets for
/// its own offer and for someone else's. The hubs' public methods are read by reflection, so a method added without a
/// row here fails the test.
/// </summary>
[Collection(RealtimeCollection.Name)]
public sealed class HubPermissionMatrixTests(RealtimeAppFactory app)
{
    private const string Anonymous = "anonymous";
    private const string VolunteerRole = DispatchRoles.Volunteer;

    // Cluster 10 is this class's own corner of the shared host's pool.
    private const int Cluster = 10;

    /// <summary>Who may connect to each hub (everyone else is refused at the handshake: 401 anonymous, 403 otherwise).</summary>
    private static readonly Dictionary<string, string[]> MayConnect = new()
    {
        [BoardHub.Path] = [DispatchRoles.Commander, DispatchRoles.Trainer],
        [VolunteerHub.Path] = [VolunteerRole],
    };

    /// <summary>The methods a client may invoke on each hub.</summary>
    private static readonly Dictionary<Type, string[]> Methods = new()
    {
        [typeof(BoardHub)] = [],
        [typeof(VolunteerHub)] = [nameof(VolunteerHub.AckOffer), nameof(VolunteerHub.AcceptOffer), nameof(VolunteerHub.DeclineOffer)],
    };

    public static TheoryData<string, string> ConnectCases()
    {
        var data = new TheoryData<string, string>();
        foreach (string hub in MayConnect.Keys)
        {
            foreach (string role in DispatchRoles.All.Prepend(Anonymous))
            {
                data.Add(hub, role);
            }
        }

        return data;
    }

    [Fact]
    public void Methods_EveryPublicHubMethod_HasARowInTheMatrix()
    {
        foreach (var (hub, expected) in Methods)
        {
            var declared = hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync)))
                .Select(m => m.Name).Order(StringComparer.Ordinal);
            Assert.Equal(expected.Order(StringComparer.Ordinal), declared);
        }
    }

    [Theory]
    [MemberData(nameof(ConnectCases))]
    public async Task Connect_HubAsRole_AllowedOnlyForTheMatrixRoles(string hub, string role)
    {
        bool allowed = MayConnect[hub].Contains(role);
        if (allowed)
        {
            var connection = await ConnectAsync(hub, role);
            await using (connection)
            {
                Assert.Equal(HubConnectionState.Connected, connection.State);
            }

            return;
        }

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectAsync(hub, role));
        Assert.Equal(role == Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task VolunteerHubMethods_OwnOfferAnswered_SomeoneElsesOrUnknownRefusedAndUnchanged()
    {
        var created = await app.CreateIncidentAsync(Cluster);
        var (offerId, owner) = created.SingleOffer();
        int other = RealtimeAppFactory.VolunteerOf(Cluster, 3);
        Assert.NotEqual(owner, other);
        var mine = await app.ConnectVolunteerAsync(owner);
        var theirs = await app.ConnectVolunteerAsync(other);
        await using (mine)
        await using (theirs)
        {
            foreach (string method in Methods[typeof(VolunteerHub)])
            {
                object?[] args = method == nameof(VolunteerHub.DeclineOffer) ? [offerId, null] : [offerId];
                var notYours = await Assert.ThrowsAsync<HubException>(() => theirs.InvokeCoreAsync<object>(method, args));
                Assert.Contains("not yours", notYours.Message, StringComparison.Ordinal);
                object?[] unknown = method == nameof(VolunteerHub.DeclineOffer) ? [long.MaxValue, null] : [long.MaxValue];
                var missing = await Assert.ThrowsAsync<HubException>(() => mine.InvokeCoreAsync<object>(method, unknown));
                Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
            }

            Assert.Equal("pending", (await app.GetIncidentAsync(created.IncidentId())).OfferState(offerId));

            // The owner's own calls are answered: ack, then accept, then a decline that only repeats the first answer.
            var ack = await mine.InvokeAsync<OfferAckDto>(nameof(VolunteerHub.AckOffer), offerId);
            var accepted = await mine.InvokeAsync<OfferAnswerDto>(nameof(VolunteerHub.AcceptOffer), offerId);
            var declined = await mine.InvokeAsync<OfferAnswerDto>(nameof(VolunteerHub.DeclineOffer), offerId, null);
            Assert.NotNull(ack.AckedAt);
            Assert.Equal(("applied", "accepted"), (accepted.Outcome, accepted.State));
            Assert.Equal("accepted", declined.State);
            Assert.Equal("accepted", (await app.GetIncidentAsync(created.IncidentId())).OfferState(offerId));
        }
    }

    private async Task<HubConnection> ConnectAsync(string hub, string role)
    {
        string? user = role switch
        {
            Anonymous => null,
            VolunteerRole => RealtimeAppFactory.UserOf(RealtimeAppFactory.VolunteerOf(Cluster, 2)),
            _ => role,
        };
        string? token = user is null ? null : await app.TokenAsync(user);

        // With negotiation, so a refusal comes back as the negotiate request's HTTP status.
        var connection = new HubConnectionBuilder().WithUrl(new Uri(app.BaseUri, hub.TrimStart('/')), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.AccessTokenProvider = () => Task.FromResult(token);
        }).Build();
        try
        {
            await connection.StartAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
