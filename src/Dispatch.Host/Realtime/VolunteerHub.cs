using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Auth;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Records;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Dispatch.Host.Realtime;

/// <summary>
/// <c>/hubs/volunteer</c>: a volunteer's own offers. Offers are state, not messages: on every (re)connect the volunteer
/// receives all their pending offers; answers are idempotent. The volunteer is the one named by the
/// <c>volunteer_id</c> claim — never by an argument — so nobody answers, or learns of, another volunteer's offers.
/// </summary>
[Authorize(Policy = DispatchPolicies.Volunteer)]
public sealed class VolunteerHub(RecordStore store, PrePlanBook book, AcceptOffer accept, DeclineOffer decline, AckOffer ack) : Hub<IVolunteerClient>
{
    public const string Path = "/hubs/volunteer";
    public const int MaxReasonLength = 500;

    public static string GroupOf(VolunteerId volunteer) => $"volunteer:{volunteer.Value}";

    public override async Task OnConnectedAsync()
    {
        var me = Me();
        // Join first, then read: an offer created in between arrives twice (harmless), never zero times.
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(me), Context.ConnectionAborted).ConfigureAwait(false);
        var pending = await store.ReadAsync(async r =>
        {
            var list = new List<OfferDto>();
            foreach (var offer in await r.GetPendingOffersForVolunteerAsync(me).ConfigureAwait(false))
            {
                if (await RealtimeMapping.ToDtoAsync(r, book, offer).ConfigureAwait(false) is { } dto)
                {
                    list.Add(dto);
                }
            }

            return list;
        }, Context.ConnectionAborted).ConfigureAwait(false);
        foreach (var dto in pending)
        {
            await Clients.Caller.OfferPending(dto).ConfigureAwait(false);
        }

        await base.OnConnectedAsync().ConfigureAwait(false);
    }

    /// <summary>Records that the device received the offer (idempotent: the first ack time stands).</summary>
    public async Task<OfferAckDto> AckOffer(long offerId)
    {
        var result = await ack.ExecuteAsync(new OfferId(offerId), Me(), Actor(), Context.ConnectionAborted).ConfigureAwait(false);
        Check(result.Status, offerId);
        return new OfferAckDto(offerId, result.Offer?.AckedAt);
    }

    /// <summary>Accepts (接单). A repeat returns the first result; a late accept is told the offer expired.</summary>
    public async Task<OfferAnswerDto> AcceptOffer(long offerId)
    {
        var answer = await accept.ExecuteAsync(new OfferId(offerId), Me(), Actor(), Context.ConnectionAborted).ConfigureAwait(false);
        Check(answer.Status, offerId);
        return answer.ToDto();
    }

    /// <summary>Declines (拒单), with an optional reason; the next candidate is offered at once. A repeat returns the first result.</summary>
    public async Task<OfferAnswerDto> DeclineOffer(long offerId, string? reason)
    {
        if (reason is { Length: > MaxReasonLength })
        {
            throw new HubException($"The reason is longer than {MaxReasonLength} characters.");
        }

        string? text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var answer = await decline.ExecuteAsync(new OfferId(offerId), Me(), Actor(), text, Context.ConnectionAborted).ConfigureAwait(false);
        Check(answer.Status, offerId);
        return answer.ToDto();
    }

    private static void Check(OfferAnswerStatus status, long offerId)
    {
        switch (status)
        {
            case OfferAnswerStatus.Done:
                return;
            case OfferAnswerStatus.NotFound:
                throw new HubException($"Offer {offerId} does not exist.");
            case OfferAnswerStatus.NotYours:
                throw new HubException($"Offer {offerId} is not yours.");
            default:
                throw new HubException("The offer could not be answered.");
        }
    }

    private VolunteerId Me() =>
        Context.User?.VolunteerIdOf() ?? throw new HubException("This account does not speak for a volunteer.");

    private string Actor() => $"volunteer:{Context.User?.Identity?.Name ?? Me().Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
