namespace Dispatch.Host.Cli;

/// <summary>A public handle on the host assembly for tests that inspect it (the architecture canary).</summary>
public static class DispatchCliMarker;
