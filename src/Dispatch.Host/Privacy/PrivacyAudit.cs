using Dapper;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Records;

namespace Dispatch.Host.Privacy;

/// <summary>Audit kinds of personal-data disclosures (stable strings: they are stored and exported).</summary>
public static class PrivacyAuditKinds
{
    /// <summary>A commander read a volunteer's precise location.</summary>
    public const string LocationRead = "privacy.location_read";

    /// <summary>A commander or admin revealed a volunteer's full phone number.</summary>
    public const string PhoneRevealed = "privacy.phone_revealed";
}

/// <summary>Why a commander may see a volunteer precisely: the offer or active assignment that commits them to the commander's incident.</summary>
/// <param name="Incident">The open incident the commander created.</param>
/// <param name="Offer">The pending offer or the offer of the active assignment.</param>
/// <param name="Basis"><c>offer</c> (pending offer) or <c>assignment</c> (accepted, en route or on scene).</param>
public sealed record CommandBasis(IncidentId Incident, OfferId Offer, string Basis);

/// <summary>The record queries behind the privacy rules; run inside the write transaction that also audits the read.</summary>
public static class PrivacyQueries
{
    /// <summary>
    /// The volunteer's pending offer or active assignment in an open incident created by <paramref name="commander"/>
    /// (<c>commander:{name}</c>), assignments first; null when there is none.
    /// </summary>
    public static async Task<CommandBasis?> FindCommandBasisAsync(this RecordReader r, VolunteerId volunteer, string commander)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentException.ThrowIfNullOrWhiteSpace(commander);
        var row = await r.Connection.QueryFirstOrDefaultAsync<BasisRow>(
            """
            SELECT a.incident_id AS incident_id, a.offer_id AS offer_id, 'assignment' AS basis, 0 AS rank
            FROM assignments a JOIN incidents i ON i.id = a.incident_id
            WHERE a.volunteer_id = @volunteer AND a.state IN ('accepted', 'en_route', 'on_scene')
              AND i.state = 'open' AND i.created_by = @commander
            UNION ALL
            SELECT o.incident_id AS incident_id, o.id AS offer_id, 'offer' AS basis, 1 AS rank
            FROM offers o JOIN incidents i ON i.id = o.incident_id
            WHERE o.volunteer_id = @volunteer AND o.state = 'pending'
              AND i.state = 'open' AND i.created_by = @commander
            ORDER BY rank, incident_id
            """,
            new { volunteer = (long)volunteer.Value, commander }, r.Transaction).ConfigureAwait(false);
        return row is null ? null : new CommandBasis(new IncidentId(row.IncidentId), new OfferId(row.OfferId), row.Basis);
    }

    private sealed class BasisRow
    {
        public long IncidentId { get; set; }
        public long OfferId { get; set; }
        public string Basis { get; set; } = "";
        public long Rank { get; set; }
    }
}
