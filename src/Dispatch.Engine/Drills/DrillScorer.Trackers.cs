using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Drills;

/// <summary>Mutable replay state; private to one <see cref="DrillScorer.Score(IReadOnlyList{ScoringTarget}, DrillLog, TimeSpan, SkillCatalog?)"/> call.</summary>
internal sealed class RequirementTracker(DrillEvent.RequirementOpened opened)
{
    public RequirementId Id { get; } = opened.Requirement;

    public Skill Skill { get; } = opened.Skill;

    public List<TimeSpan> SeatOpenedAt { get; } = [.. Enumerable.Repeat(opened.At, opened.Seats)];

    public List<TimeSpan> FillTimes { get; } = [];

    public List<string> Shortfalls { get; } = [];

    public TimeSpan? LastFillAt { get; private set; }

    public int OffersSent { get; set; }

    public int Declined { get; set; }

    public int Expired { get; set; }

    public int Seats => SeatOpenedAt.Count;

    public int Short => Seats - FillTimes.Count;

    public void Resize(int seats, TimeSpan at)
    {
        int target = Math.Max(seats, FillTimes.Count);
        while (SeatOpenedAt.Count < target)
        {
            SeatOpenedAt.Add(at);
        }

        SeatOpenedAt.RemoveRange(target, SeatOpenedAt.Count - target);
    }

    public void Fill(TimeSpan at)
    {
        FillTimes.Add(at - SeatOpenedAt[FillTimes.Count]);
        LastFillAt = at;
    }

    public RequirementResult Result() => new(
        Id,
        opened.IncidentId,
        Skill,
        Seats,
        opened.At,
        [.. FillTimes],
        Short == 0 && LastFillAt is { } last ? last - opened.At : null,
        OffersSent,
        Declined,
        Expired,
        [.. Shortfalls]);
}

/// <summary>Collects fill-curve points, merging events at the same offset into one point.</summary>
internal sealed class CurveBuilder
{
    private readonly List<FillPoint> _points = [new FillPoint(TimeSpan.Zero, 0, 0)];

    public void Record(TimeSpan at, IEnumerable<RequirementTracker> requirements)
    {
        int filled = 0;
        int seats = 0;
        foreach (var r in requirements)
        {
            filled += r.FillTimes.Count;
            seats += r.Seats;
        }

        var point = new FillPoint(at, filled, seats);
        if (_points[^1].At == at)
        {
            _points[^1] = point;
        }
        else if (_points[^1] with { At = at } != point)
        {
            _points.Add(point);
        }
    }

    public FillCurve Build() => new([.. _points]);
}
