namespace Dispatch.Host.Auth;

/// <summary>The four roles of the design brief, as they appear in role claims.</summary>
public static class DispatchRoles
{
    public const string Commander = "commander";
    public const string Volunteer = "volunteer";
    public const string Trainer = "trainer";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Commander, Volunteer, Trainer, Admin];
}

/// <summary>Authorization policies; endpoint groups name one of these, never a role list of their own.</summary>
public static class DispatchPolicies
{
    public const string Commander = "role:commander";
    public const string Volunteer = "role:volunteer";
    public const string Trainer = "role:trainer";
    public const string Admin = "role:admin";

    /// <summary>Commanders and trainers: the board and its hub.</summary>
    public const string Board = "board";

    /// <summary>Commanders, trainers and admins: pool-wide aggregates.</summary>
    public const string PoolReader = "pool-reader";

    /// <summary>Commanders and admins (masked view) and volunteers (their own record only).</summary>
    public const string VolunteerReader = "volunteer-reader";

    /// <summary>Any signed-in user.</summary>
    public const string AnyUser = "any-user";
}

/// <summary>Claim types the host issues beyond name and role.</summary>
public static class DispatchClaims
{
    /// <summary>The pool volunteer id (an integer) a volunteer account speaks for.</summary>
    public const string VolunteerId = "volunteer_id";
}
