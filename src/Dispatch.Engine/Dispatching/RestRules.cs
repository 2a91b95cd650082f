namespace Dispatch.Engine.Dispatching;

/// <summary>
/// How long a volunteer rests after a release before the next offer: a minimum, plus a share of the time served, up to a
/// cap. Pure; the result is the end of the rest period.
/// </summary>
/// <param name="Minimum">Rest after any release, however short.</param>
/// <param name="ShareOfService">Rest per unit of time served (accept to release), e.g. 0.5 = half as long again.</param>
/// <param name="Maximum">The longest rest.</param>
public sealed record RestRules(TimeSpan Minimum, double ShareOfService, TimeSpan Maximum)
{
    /// <summary>30 minutes at least, half the time served, at most 12 hours.</summary>
    public static RestRules Default { get; } = new(TimeSpan.FromMinutes(30), 0.5, TimeSpan.FromHours(12));

    /// <summary>The end of the rest period after an assignment accepted at <paramref name="accepted"/> and released at <paramref name="released"/>.</summary>
    /// <exception cref="ArgumentException">The release precedes the acceptance, or the rules are inconsistent.</exception>
    public DateTimeOffset RestUntil(DateTimeOffset accepted, DateTimeOffset released)
    {
        if (Minimum < TimeSpan.Zero || Maximum < Minimum || !double.IsFinite(ShareOfService) || ShareOfService < 0)
        {
            throw new ArgumentException("Rest rules need 0 ≤ minimum ≤ maximum and a finite, non-negative share.");
        }

        if (released < accepted)
        {
            throw new ArgumentException("An assignment cannot be released before it was accepted.", nameof(released));
        }

        var rest = TimeSpan.FromTicks((long)((released - accepted).Ticks * ShareOfService));
        return released + (rest < Minimum ? Minimum : rest > Maximum ? Maximum : rest);
    }
}
