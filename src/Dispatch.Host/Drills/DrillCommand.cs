using Dispatch.Engine.PrePlans;

namespace Dispatch.Host.Drills;

/// <summary>
/// A commander's action on a running drill (the competing team's decisions), or a read of its requirements. Posted from
/// any thread through <see cref="DrillControl.PostAsync"/>; the runner executes it on its own thread between two steps,
/// at the current virtual time, through the real use cases — so it can never interleave with a step.
/// </summary>
public abstract record DrillCommand
{
    private readonly TaskCompletionSource<object> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private protected DrillCommand(string actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        Actor = actor;
    }

    /// <summary>Who acts (a commander of the team), for the drill record and the timeline.</summary>
    public string Actor { get; }

    internal Task<object> Completion => _done.Task;

    internal void Complete(object result) => _done.TrySetResult(result);

    internal void Fail(Exception error) => _done.TrySetException(error);

    /// <summary>Climb one rung of a requirement's escalation ladder now ("escalate now").</summary>
    public sealed record Escalate(long RequirementId, string Reason, string By) : DrillCommand(By);

    /// <summary>Change the severity of a scripted incident (by its scenario id).</summary>
    public sealed record ChangeSeverity(string Incident, Severity Severity, string Reason, string By) : DrillCommand(By);

    /// <summary>Read the run's requirements as they stand.</summary>
    public sealed record ReadRequirements(string By) : DrillCommand(By);
}

/// <summary>A requirement of a running drill as the commander sees it.</summary>
public sealed record DrillRequirementState(
    long Id, string Incident, string Skill, int MinLevel, int CurrentMinLevel, int Seats, int Filled, int PendingOffers, double RadiusKm, int EscalationStep);

/// <summary>What a commander's action did.</summary>
public sealed record DrillCommandOutcome(string Status, string Reason);

/// <summary>The drill has ended: its world is gone, no command can run.</summary>
public sealed class DrillFinishedException : InvalidOperationException
{
    public DrillFinishedException()
        : base("The drill has finished.")
    {
    }

    public DrillFinishedException(string message)
        : base(message)
    {
    }

    public DrillFinishedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
