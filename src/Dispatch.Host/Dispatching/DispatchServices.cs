using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Records;
using Dispatch.Host.Startup;

namespace Dispatch.Host.Dispatching;

/// <summary>
/// What every lifecycle use case needs: the record, the live pool (held through its single-writer lease for the whole
/// use case, so matching never overlaps a pool change), the pre-plan book and the clock.
/// </summary>
public sealed class DispatchServices
{
    public DispatchServices(RecordStore store, LivePool live, PrePlanBook book, TimeProvider time, DispatchPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(time);
        Store = store;
        Live = live;
        Book = book;
        Time = time;
        Policy = policy ?? DispatchPolicy.Default;
    }

    public RecordStore Store { get; }

    public LivePool Live { get; }

    public PrePlanBook Book { get; }

    public TimeProvider Time { get; }

    public DispatchPolicy Policy { get; }

    /// <summary>Reused across rounds; only used under the live pool's write lease (it is not thread-safe).</summary>
    internal JointMatcher Matcher { get; } = new();

    /// <summary>
    /// The shape of every use case that changes the live pool: hold its write lease for the whole use case, take
    /// <c>now</c> once, run the work in one record transaction, and only after the commit apply the pool changes it
    /// collected (the record leads, the pool follows).
    /// </summary>
    internal async Task<T> CommitAsync<T>(Func<RecordTransaction, PoolChanges, DateTimeOffset, Task<T>> work, CancellationToken cancellationToken)
    {
        using var lease = await Live.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var now = Time.GetUtcNow();
        var pool = new PoolChanges();
        var result = await Store.WriteAsync(tx => work(tx, pool, now), cancellationToken).ConfigureAwait(false);
        pool.ApplyTo(Live.Pool);
        return result;
    }

    /// <summary>
    /// Runs <paramref name="work"/> as <see cref="CommitAsync{T}"/> does — the lease, one record transaction — and then
    /// rolls the transaction back: nothing is committed, so the change feed announces nothing, and the pool changes it
    /// collected are dropped. The start-up warm-up rehearses a create on the live record this way, so the first real
    /// incident finds the record's statements for that database already prepared and mapped.
    /// </summary>
    /// <returns>What the work returned inside the transaction that was then rolled back.</returns>
    internal async Task<T> RehearseAsync<T>(Func<RecordTransaction, PoolChanges, DateTimeOffset, Task<T>> work, CancellationToken cancellationToken)
    {
        using var lease = await Live.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var now = Time.GetUtcNow();
        var rolledBack = new RolledBack();
        try
        {
            await Store.WriteAsync<T>(async tx =>
            {
                rolledBack.Result = await work(tx, new PoolChanges(), now).ConfigureAwait(false);
                throw rolledBack;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RolledBack e) when (ReferenceEquals(e, rolledBack))
        {
            // The only way out of a rehearsal: its transaction (or, in a group, its savepoint) was rolled back.
        }

        return (T)rolledBack.Result!;
    }

    private sealed class RolledBack : Exception
    {
        public RolledBack()
            : base("A rehearsal's transaction is always rolled back.")
        {
        }

        public object? Result { get; set; }
    }

    /// <summary>The plan an open incident runs on now (its type and current severity; its own offer timeout).</summary>
    internal IncidentPlan PlanFor(Incident incident) => Book.Expand(incident.TypeKey, incident.Severity) with { OfferTimeout = incident.OfferTimeout };
}

/// <summary>Changes to the live pool, applied after the record committed them (the record leads, the pool follows).</summary>
internal sealed class PoolChanges
{
    private readonly List<(VolunteerId Volunteer, CommitmentState Commitment, bool? Answered)> _changes = [];

    public void Claim(VolunteerId volunteer) => _changes.Add((volunteer, CommitmentState.Offered, null));

    public void Assign(VolunteerId volunteer) => _changes.Add((volunteer, CommitmentState.Assigned, true));

    /// <summary>Frees the volunteer; <paramref name="answered"/> is false for a decline or expiry (it counts in reliability).</summary>
    public void Free(VolunteerId volunteer, bool? answered) => _changes.Add((volunteer, CommitmentState.Free, answered));

    public void ApplyTo(VolunteerPool pool)
    {
        foreach (var (volunteer, commitment, answered) in _changes)
        {
            pool.SetCommitment(volunteer, commitment);
            if (answered is { } accepted)
            {
                pool.RecordOfferOutcome(volunteer, accepted);
            }
        }
    }
}
