namespace Dispatch.Board.Components;

/// <summary>What <see cref="PromptDialog"/> returns.</summary>
public sealed record PromptResult(string Text, Engine.PrePlans.Severity Severity, int Rating, int VolunteerId, string? ForceReason);
