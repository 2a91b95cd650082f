namespace Dispatch.Host.Health;

/// <summary>
/// Something the host needs before it can take traffic (the record store, later Redis). Register implementations as
/// <c>IReadinessProbe</c> singletons; <c>/health/ready</c> asks all of them.
/// </summary>
public interface IReadinessProbe
{
    /// <summary>Short name shown in the readiness report (e.g. "record-store").</summary>
    string Name { get; }

    Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken);
}

public sealed record ReadinessResult(bool Ready, string? Detail = null)
{
    public static ReadinessResult Up { get; } = new(true);

    public static ReadinessResult Down(string detail) => new(false, detail);
}
