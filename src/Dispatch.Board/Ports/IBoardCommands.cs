using Dispatch.Engine.PrePlans;

namespace Dispatch.Board.Ports;

/// <summary>
/// The commander's actions, each one use case of the host (the same the API calls). Only commanders may command; a
/// trainer's call is refused. Nothing here decides: outcomes carry the use case's reason.
/// </summary>
public interface IBoardCommands
{
    Task<CommandOutcome> CreateIncidentAsync(BoardUser user, NewIncident incident, CancellationToken cancellationToken = default);

    /// <summary>手动派单: a direct offer to a named volunteer, which they still accept or decline (Art. 25).</summary>
    Task<CommandOutcome> ManualPickAsync(BoardUser user, long requirementId, int volunteerId, string reason, string? forceReason, CancellationToken cancellationToken = default);

    Task<CommandOutcome> WithdrawOfferAsync(BoardUser user, long offerId, string reason, CancellationToken cancellationToken = default);

    /// <summary>释放: ends an assignment and writes the service record, naming the leader.</summary>
    Task<CommandOutcome> ReleaseAsync(BoardUser user, long assignmentId, string leader, CancellationToken cancellationToken = default);

    /// <summary>评单: the commander's 1–5 review of a released assignment.</summary>
    Task<CommandOutcome> ReviewAsync(BoardUser user, long assignmentId, int rating, string? comment, CancellationToken cancellationToken = default);

    Task<CommandOutcome> EscalateAsync(BoardUser user, long requirementId, string reason, CancellationToken cancellationToken = default);

    Task<CommandOutcome> ChangeSeverityAsync(BoardUser user, long incidentId, Severity severity, string reason, CancellationToken cancellationToken = default);

    /// <summary>结束 (close, <paramref name="cancel"/> false) or 取消 (cancel).</summary>
    Task<CommandOutcome> EndIncidentAsync(BoardUser user, long incidentId, bool cancel, string reason, CancellationToken cancellationToken = default);

    /// <summary>Reveals a volunteer's full phone number for a stated reason; the disclosure is audited.</summary>
    Task<CommandOutcome> RevealPhoneAsync(BoardUser user, int volunteerId, string reason, CancellationToken cancellationToken = default);
}
