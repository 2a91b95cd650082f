using Dispatch.Engine.Dispatching;

namespace Dispatch.Engine.Drills;

/// <summary>
/// The append-only event log of one drill run, checked as it grows: times never go back, every event names a known
/// requirement or offer, a requirement opens once, no more seats fill than it has, an offer is answered once.
/// Invalid events throw <see cref="ArgumentException"/> and are not appended. Not thread-safe (one runner appends).
/// </summary>
public sealed class DrillLog
{
    private readonly List<DrillEvent> _events = [];
    private readonly Dictionary<RequirementId, (int Seats, int Filled)> _requirements = [];
    private readonly Dictionary<OfferId, bool> _offerFinal = [];

    public DrillLog()
    {
    }

    /// <summary>A log with the given events, appended in order.</summary>
    public DrillLog(IEnumerable<DrillEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            Add(e);
        }
    }

    public IReadOnlyList<DrillEvent> Events => _events;

    /// <summary>The offset of the last event, or zero.</summary>
    public TimeSpan Last => _events.Count == 0 ? TimeSpan.Zero : _events[^1].At;

    public void Add(DrillEvent drillEvent)
    {
        ArgumentNullException.ThrowIfNull(drillEvent);
        if (drillEvent.At < Last)
        {
            throw new ArgumentException($"Event at {drillEvent.At} is earlier than the previous one at {Last}.", nameof(drillEvent));
        }

        switch (drillEvent)
        {
            case DrillEvent.RequirementOpened e:
                DrillChecks.Key(e.IncidentId, "Scenario incident id", nameof(drillEvent));
                NonNegativeSeats(e.Seats);
                if (!_requirements.TryAdd(e.Requirement, (e.Seats, 0)))
                {
                    throw new ArgumentException($"Requirement {e.Requirement} is opened twice.", nameof(drillEvent));
                }

                break;
            case DrillEvent.SeatsChanged e:
                NonNegativeSeats(e.Seats);
                _requirements[e.Requirement] = (e.Seats, Requirement(e.Requirement).Filled);
                break;
            case DrillEvent.OfferSent e:
                _ = Requirement(e.Requirement);
                if (!_offerFinal.TryAdd(e.Offer, false))
                {
                    throw new ArgumentException($"Offer {e.Offer} is sent twice.", nameof(drillEvent));
                }

                break;
            case DrillEvent.OfferAnswered e:
                EndOffer(e.Offer);
                break;
            case DrillEvent.OfferExpired e:
                EndOffer(e.Offer);
                break;
            case DrillEvent.OfferWithdrawn e:
                EndOffer(e.Offer);
                break;
            case DrillEvent.SeatFilled e:
                var (seats, filled) = Requirement(e.Requirement);
                if (filled >= seats)
                {
                    throw new ArgumentException($"Requirement {e.Requirement} has no open seat left ({filled} of {seats} filled).", nameof(drillEvent));
                }

                _requirements[e.Requirement] = (seats, filled + 1);
                break;
            case DrillEvent.ShortfallRecorded e:
                _ = Requirement(e.Requirement);
                ArgumentException.ThrowIfNullOrWhiteSpace(e.Reason, nameof(drillEvent));
                break;
            default:
                throw new ArgumentException($"Unknown drill event {drillEvent.GetType().Name}.", nameof(drillEvent));
        }

        _events.Add(drillEvent);
    }

    private (int Seats, int Filled) Requirement(RequirementId id) =>
        _requirements.TryGetValue(id, out var r)
            ? r
            : throw new ArgumentException($"Requirement {id} was never opened.", "drillEvent");

    private void EndOffer(OfferId offer)
    {
        if (!_offerFinal.TryGetValue(offer, out bool final))
        {
            throw new ArgumentException($"Offer {offer} was never sent.", "drillEvent");
        }

        if (final)
        {
            throw new ArgumentException($"Offer {offer} already ended.", "drillEvent");
        }

        _offerFinal[offer] = true;
    }

    private static void NonNegativeSeats(int seats)
    {
        if (seats < 0)
        {
            throw new ArgumentOutOfRangeException("drillEvent", seats, "A requirement's seats cannot be negative.");
        }
    }
}
