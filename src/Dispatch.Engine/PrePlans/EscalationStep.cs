using Dispatch.Engine.Geo;

namespace Dispatch.Engine.PrePlans;

/// <summary>The kinds of <see cref="EscalationStep"/>: switch over this enum, and a missing kind is a compile error (CS8509).</summary>
public enum EscalationKind
{
    WidenRadius = 1,
    RelaxLevel = 2,
    CallTeam = 3,
    AlertCommander = 4,
}

/// <summary>
/// One rung of a pre-plan's escalation ladder (升级), tried in order when the candidates for a requirement run out.
/// A closed set: the constructor is private, so the four nested records are the only steps. Handle a step with
/// <see cref="Match{T}"/> or by switching on <see cref="Kind"/>; both are checked for exhaustiveness by the compiler.
/// </summary>
public abstract record EscalationStep
{
    private EscalationStep()
    {
    }

    public abstract EscalationKind Kind { get; }

    /// <summary>Calls the handler for this step's kind.</summary>
    public T Match<T>(
        Func<WidenRadius, T> widenRadius,
        Func<RelaxLevel, T> relaxLevel,
        Func<CallTeam, T> callTeam,
        Func<AlertCommander, T> alertCommander)
    {
        ArgumentNullException.ThrowIfNull(widenRadius);
        ArgumentNullException.ThrowIfNull(relaxLevel);
        ArgumentNullException.ThrowIfNull(callTeam);
        ArgumentNullException.ThrowIfNull(alertCommander);
        return this switch
        {
            WidenRadius w => widenRadius(w),
            RelaxLevel r => relaxLevel(r),
            CallTeam c => callTeam(c),
            AlertCommander a => alertCommander(a),
            _ => throw new InvalidOperationException("Unreachable: the step hierarchy is closed."),
        };
    }

    /// <summary>Search again out to <c>To</c>; a ladder's radii must strictly increase.</summary>
    public sealed record WidenRadius : EscalationStep
    {
        public WidenRadius(Meters to)
        {
            if (!double.IsFinite(to.Value) || to.Value <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(to), to, "A widened radius must be a positive, finite distance.");
            }

            To = to;
        }

        public Meters To { get; }

        public override EscalationKind Kind => EscalationKind.WidenRadius;
    }

    /// <summary>
    /// Lower every minimum level by <c>By</c> (never below 1). Legally regulated skills (medical) keep
    /// their level: see <see cref="RequirementTemplate.RelaxedBy"/>.
    /// </summary>
    public sealed record RelaxLevel : EscalationStep
    {
        public RelaxLevel(int by)
        {
            if (by is < 1 or > 2)
            {
                throw new ArgumentOutOfRangeException(nameof(by), by, "A level can be relaxed by 1 or 2.");
            }

            By = by;
        }

        public int By { get; }

        public override EscalationKind Kind => EscalationKind.RelaxLevel;
    }

    /// <summary>Offer the incident to a volunteer team (志愿服务队伍) of the given type, e.g. <c>water_rescue</c>.</summary>
    public sealed record CallTeam : EscalationStep
    {
        public CallTeam(string teamType)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(teamType);
            TeamType = teamType;
        }

        public string TeamType { get; }

        public override EscalationKind Kind => EscalationKind.CallTeam;
    }

    /// <summary>Raise a shortfall alert on the commander's board with this message.</summary>
    public sealed record AlertCommander : EscalationStep
    {
        public AlertCommander(string message)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(message);
            Message = message;
        }

        public string Message { get; }

        public override EscalationKind Kind => EscalationKind.AlertCommander;
    }
}
