using Dispatch.Board.Ports;
using Dispatch.Engine.Pool;
using Dispatch.Host.Api;
using Dispatch.Host.Privacy;
using Dispatch.Host.Records;
using Dispatch.Host.Startup;

namespace Dispatch.Host.Board;

/// <summary>
/// The board's audited disclosures, under the same rules and in the same shape as <c>/api/volunteers/{id}/location</c>
/// and <c>/phone-reveal</c>: the check and its <c>privacy.*</c> audit event commit in one write transaction, so there is
/// no disclosure without its event and no event without a disclosure.
/// </summary>
internal sealed class BoardPrivacy(RecordStore store, LivePool live, IVolunteerContacts contacts, TimeProvider time)
{
    public const string MapReason = "Board map: live position of a volunteer committed to this commander's incident.";

    /// <summary>
    /// For each volunteer still holding an offer or active assignment in an open incident <paramref name="viewer"/>
    /// created, appends one <c>privacy.location_read</c>; returns the offers that grant the precise position.
    /// </summary>
    public Task<IReadOnlyList<long>> RecordLocationReadsAsync(BoardUser viewer, IEnumerable<VolunteerId> volunteers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var list = volunteers.Distinct().ToList();
        return store.WriteAsync<IReadOnlyList<long>>(async tx =>
        {
            var granted = new List<long>();
            var now = time.GetUtcNow();
            foreach (var volunteer in list)
            {
                var basis = await tx.FindCommandBasisAsync(volunteer, viewer.Actor).ConfigureAwait(false);
                if (basis is null)
                {
                    continue;
                }

                await tx.AppendAsync(new NewAuditEvent(now, viewer.Actor, PrivacyAuditKinds.LocationRead, basis.Incident, volunteer, basis.Offer, MapReason,
                    new { basis = basis.Basis, incident = basis.Incident.Value, offer = basis.Offer.Value, view = "board-map" })).ConfigureAwait(false);
                granted.Add(basis.Offer.Value);
            }

            return granted;
        }, cancellationToken);
    }

    /// <summary>The full number for a stated reason, audited as <c>privacy.phone_revealed</c> (the number is not in the event).</summary>
    public async Task<CommandOutcome> RevealPhoneAsync(BoardUser user, int volunteerId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        string text = reason?.Trim() ?? "";
        if (text.Length is 0 or > Realtime.VolunteerHub.MaxReasonLength)
        {
            return CommandOutcome.Refused(user.English ? "State a purpose (at most 500 characters)." : "请填写用途（不超过 500 字）。");
        }

        if (volunteerId < 0 || volunteerId >= live.Pool.Count || contacts.PhoneOf(new VolunteerId(volunteerId)) is not { } phone)
        {
            return CommandOutcome.Refused(user.English ? $"No phone number for volunteer {volunteerId}." : $"志愿者 {volunteerId} 没有登记电话。");
        }

        long eventId = await store.WriteAsync(tx => tx.AppendAsync(new NewAuditEvent(
            time.GetUtcNow(), user.Actor, PrivacyAuditKinds.PhoneRevealed, null, new VolunteerId(volunteerId), null, text)), cancellationToken).ConfigureAwait(false);
        return CommandOutcome.Ok(user.English ? $"Volunteer {volunteerId}: {phone} (audit #{eventId})" : $"志愿者 {volunteerId}：{phone}（已记入审计 #{eventId}）", eventId);
    }
}
