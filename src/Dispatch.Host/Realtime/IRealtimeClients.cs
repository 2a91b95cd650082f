namespace Dispatch.Host.Realtime;

/// <summary>What the server calls on a volunteer's device (<c>/hubs/volunteer</c>).</summary>
public interface IVolunteerClient
{
    /// <summary>An offer waiting for the volunteer's answer: sent on connect for every pending offer, and when one is created.</summary>
    Task OfferPending(OfferDto offer);

    /// <summary>An offer is no longer open (answered, expired or withdrawn).</summary>
    Task OfferClosed(OfferClosedDto offer);
}

/// <summary>What the server calls on the command board (<c>/hubs/board</c>).</summary>
public interface IBoardClient
{
    /// <summary>
    /// A committed incident, offer, assignment or shortfall change (the audit event kinds of <c>docs/lifecycle.md</c>),
    /// in commit order. The board reloads the incident it shows from <c>GET /api/incidents/{id}</c> when it needs more.
    /// </summary>
    Task BoardEvent(BoardEventDto change);
}
