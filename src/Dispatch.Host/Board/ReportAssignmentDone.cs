using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Records;

namespace Dispatch.Host.Board;

/// <summary>
/// The volunteer reports the task done (完成) from the phone. Release stays the commander's decision (it writes the
/// service record); this only records the report — once per assignment, by its own volunteer, while it is active —
/// so the board can show "reports done · release". One transaction, audited as <c>assignment.done_reported</c>.
/// </summary>
public sealed class ReportAssignmentDone(DispatchServices services)
{
    public const string Kind = "assignment.done_reported";

    public async Task<AssignmentUpdate> ExecuteAsync(OfferId id, VolunteerId by, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var now = services.Time.GetUtcNow();
        return await services.Store.WriteAsync(async tx =>
        {
            var assignment = await tx.GetAssignmentAsync(id).ConfigureAwait(false);
            if (assignment is null)
            {
                return new AssignmentUpdate(AssignmentUpdateStatus.NotFound, null, $"Assignment {id.Value} does not exist.");
            }

            if (assignment.Volunteer != by)
            {
                return new AssignmentUpdate(AssignmentUpdateStatus.NotYours, null, $"Assignment {id.Value} is not yours.");
            }

            if (assignment.State is not (AssignmentState.Accepted or AssignmentState.EnRoute or AssignmentState.OnScene))
            {
                return new AssignmentUpdate(AssignmentUpdateStatus.IllegalTransition, assignment, "Only an active assignment can be reported done.");
            }

            if (await tx.HasDoneReportAsync(id.Value).ConfigureAwait(false))
            {
                return new AssignmentUpdate(AssignmentUpdateStatus.Repeated, assignment, "Already reported done.");
            }

            await tx.AppendAsync(new NewAuditEvent(now, actor, Kind, assignment.Incident, assignment.Volunteer, id,
                "The volunteer reports the task done; waiting for the commander's release.", new { state = assignment.State.Name() })).ConfigureAwait(false);
            return new AssignmentUpdate(AssignmentUpdateStatus.Done, assignment, "Reported done.");
        }, cancellationToken).ConfigureAwait(false);
    }
}
