using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Records;

/// <summary>The text the record stores for each state (readable in SQL and exports; stable across renames in code).</summary>
internal static class StoreNames
{
    public static string Name(this OfferState state) => state switch
    {
        OfferState.Pending => "pending",
        OfferState.Accepted => "accepted",
        OfferState.Declined => "declined",
        OfferState.Expired => "expired",
        OfferState.Withdrawn => "withdrawn",
    };

    public static string Name(this AssignmentState state) => state switch
    {
        AssignmentState.Accepted => "accepted",
        AssignmentState.EnRoute => "en_route",
        AssignmentState.OnScene => "on_scene",
        AssignmentState.Released => "released",
        AssignmentState.Cancelled => "cancelled",
    };

    public static string Name(this IncidentState state) => state switch
    {
        IncidentState.Open => "open",
        IncidentState.Closed => "closed",
        IncidentState.Cancelled => "cancelled",
    };

    public static string Name(this WithdrawReason reason) => reason switch
    {
        WithdrawReason.Filled => "filled",
        WithdrawReason.Commander => "commander",
        WithdrawReason.IncidentClosed => "incident_closed",
        WithdrawReason.SeverityChanged => "severity_changed",
    };

    public static string Name(this CommitmentState state) => state switch
    {
        CommitmentState.Free => "free",
        CommitmentState.Offered => "offered",
        CommitmentState.Assigned => "assigned",
    };

    public static OfferState ParseOfferState(string text) => Parse<OfferState>(text, Name);

    public static AssignmentState ParseAssignmentState(string text) => Parse<AssignmentState>(text, Name);

    public static IncidentState ParseIncidentState(string text) => Parse<IncidentState>(text, Name);

    public static WithdrawReason ParseWithdrawReason(string text) => Parse<WithdrawReason>(text, Name);

    public static CommitmentState ParseCommitment(string text) => Parse<CommitmentState>(text, Name);

    private static T Parse<T>(string text, Func<T, string> name)
        where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(name(value), text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        throw new InvalidDataException($"The record holds an unknown {typeof(T).Name} '{text}'.");
    }
}
