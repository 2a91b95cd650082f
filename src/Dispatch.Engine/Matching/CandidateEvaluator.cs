using System.Runtime.CompilerServices;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Matching;

/// <summary>
/// One query's prepared evaluation: eligibility limits, the radius test and the score, applied identically by the
/// index and by the scan. Allocation-free per candidate.
/// </summary>
internal readonly struct CandidateEvaluator
{
    private const double DegToRad = Math.PI / 180.0;

    private readonly EligibilityContext _context;
    private readonly ITravelTimeTowards _travel;
    private readonly double _lat;
    private readonly double _lon;
    private readonly double _cosLat;
    private readonly double _radius;
    private readonly double _halfChordLimit;
    private readonly ScoreWeights _weights;

    public CandidateEvaluator(MatchQuery query, ITravelTimeModel travel)
    {
        Query = query;
        _context = new EligibilityContext(query);
        _travel = travel.Towards(query.Location);
        _lat = query.Location.Latitude;
        _lon = query.Location.Longitude;
        _cosLat = Math.Cos(_lat * DegToRad);
        _radius = query.Radius.Value;
        double s = Math.Sin(Math.Min(Math.PI / 2, _radius / (2 * Haversine.EarthRadiusMeters)));
        // A hair of slack: the exact test below decides; this only skips the arcsine for clear misses.
        _halfChordLimit = (s * s * (1 + 1e-9)) + 1e-15;
        _weights = query.Weights;
    }

    public MatchQuery Query { get; }

    public EligibilityContext Context => _context;

    public double Latitude => _lat;

    public double Longitude => _lon;

    public double CosLatitude => _cosLat;

    public double RadiusMeters => _radius;

    /// <summary>Weighted ETA component bound for anyone at least <paramref name="distanceMeters"/> away.</summary>
    public double EtaPartBound(double distanceMeters) =>
        _weights.Eta * Scoring.EtaComponent(_travel.LowerBoundSeconds(distanceMeters));

    /// <summary>Weighted level component.</summary>
    public double LevelPart(int level) => _weights.Level * Scoring.LevelComponent(level);

    /// <summary>The largest weighted fairness + reliability anyone can have.</summary>
    public double MaxPersonalPart => _weights.Fairness + _weights.Reliability;

    /// <summary>This person's weighted fairness + reliability, exactly as the score computes them.</summary>
    public double PersonalPart(in CandidateFacts f) =>
        (_weights.Fairness * Scoring.FairnessComponent(f.HoursTenths, _context.FatigueLimitTenths))
        + (_weights.Reliability * Scoring.ReliabilityComponent(f.OffersReceived, f.OffersAccepted));

    /// <summary>The best score reachable by a candidate of <paramref name="level"/> at least <paramref name="distanceMeters"/> away.</summary>
    public double UpperBound(double distanceMeters, int level) =>
        Scoring.UpperBound(_travel.LowerBoundSeconds(distanceMeters), level, _weights);

    /// <summary>
    /// A lower bound of the haversine distance to <paramref name="f"/> without trigonometry: the meridian arc
    /// R·|Δφ|, and the distance to the query's meridian great circle R·asin(cos φ · sin|Δλ|) ≥ R·cos φ·(x − x³/6)
    /// with cos φ at least <paramref name="minCosLatitude"/> (the smallest cosine in the candidate's grid row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double CheapDistanceBound(in CandidateFacts f, double minCosLatitude)
    {
        double dLat = Math.Abs(f.Latitude - _lat) * DegToRad;
        double x = Math.Abs(f.Longitude - _lon) * DegToRad;
        double lonBound = x < Math.PI / 2 ? minCosLatitude * (x - (x * x * x / 6)) : 0;
        return Haversine.EarthRadiusMeters * Math.Max(dLat, lonBound) * (1 - 1e-9);
    }

    /// <summary>The exact radius test of <see cref="Evaluate"/> alone.</summary>
    public bool IsInsideRadius(in CandidateFacts f)
    {
        double h = HalfChord(f);
        return h <= _halfChordLimit && Distance(h) <= _radius;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double HalfChord(in CandidateFacts f)
    {
        double lat = f.Latitude;
        double sLat = Math.Sin((lat - _lat) * DegToRad * 0.5);
        double sLon = Math.Sin((f.Longitude - _lon) * DegToRad * 0.5);
        return (sLat * sLat) + (_cosLat * Math.Cos(lat * DegToRad) * sLon * sLon);
    }

    private static double Distance(double halfChord) =>
        2.0 * Haversine.EarthRadiusMeters * Math.Asin(Math.Sqrt(Math.Min(1.0, halfChord)));

    /// <summary>The score breakdown of <paramref name="f"/> at <paramref name="level"/>, with no rule applied.</summary>
    public RankedCandidate ScoreRegardless(in CandidateFacts f, int level)
    {
        double distance = Distance(HalfChord(f));
        double eta = _travel.EstimateSeconds(new GeoPoint(f.Latitude, f.Longitude), distance);
        var score = Scoring.Score(f, level, distance, eta, _weights, _context.FatigueLimitTenths);
        return new RankedCandidate(new VolunteerId(f.Volunteer), new SkillLevel(level), score);
    }

    /// <summary>Applies every rule and, for an eligible candidate, the score. Level, duty and commitment are the caller's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Ineligibility Evaluate(in CandidateFacts f, int level, out RankedCandidate candidate)
    {
        candidate = default;
        var reason = Eligibility.Check(f, _context);
        if (reason != Ineligibility.None)
        {
            return reason;
        }

        double h = HalfChord(f);
        if (h > _halfChordLimit)
        {
            return Ineligibility.OutsideRadius;
        }

        double distance = Distance(h);
        if (distance > _radius)
        {
            return Ineligibility.OutsideRadius;
        }

        double eta = _travel.EstimateSeconds(new GeoPoint(f.Latitude, f.Longitude), distance);
        var score = Scoring.Score(f, level, distance, eta, _weights, _context.FatigueLimitTenths);
        candidate = new RankedCandidate(new VolunteerId(f.Volunteer), new SkillLevel(level), score);
        return Ineligibility.None;
    }
}
