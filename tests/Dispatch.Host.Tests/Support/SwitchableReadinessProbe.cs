using Dispatch.Host.Health;

namespace Dispatch.Host.Tests.Support;

/// <summary>A readiness probe a test can turn down and up again.</summary>
public sealed class SwitchableReadinessProbe : IReadinessProbe
{
    public const string ProbeName = "test-switch";

    public string Name => ProbeName;

    public bool Ready { get; set; } = true;

    public Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Ready ? ReadinessResult.Up : ReadinessResult.Down("switched off by the test"));
}
