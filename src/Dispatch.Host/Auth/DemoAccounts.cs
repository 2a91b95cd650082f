using Dispatch.Engine.Pool;

namespace Dispatch.Host.Auth;

/// <summary>
/// The demo accounts of embedded mode: one per staff role and <c>Dispatch:DemoVolunteerAccounts</c> (default three)
/// volunteers mapped to pool volunteers.
/// </summary>
public static class DemoAccounts
{
    public const string Commander = "commander";
    public const string Trainer = "trainer";
    public const string Admin = "admin";

    /// <summary>The default number of volunteer accounts (<c>Dispatch:DemoVolunteerAccounts</c>).</summary>
    public const int VolunteerAccounts = 3;

    /// <summary>The name of the n-th (1-based) demo volunteer account.</summary>
    public static string Volunteer(int n) => $"volunteer{n}";

    /// <summary>
    /// The accounts for <paramref name="pool"/>: volunteer accounts speak for the first on-duty, free volunteers who hold
    /// a skill, so a demo incident can reach them. The same pool always gives the same mapping. At most
    /// <paramref name="volunteerAccounts"/> volunteer accounts (fewer when the pool has fewer such volunteers).
    /// </summary>
    public static IReadOnlyList<(string UserName, string Role, VolunteerId? VolunteerId, string Password)> For(
        VolunteerPool pool, string password, int volunteerAccounts = VolunteerAccounts)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfNegative(volunteerAccounts);
        var accounts = new List<(string, string, VolunteerId?, string)>
        {
            (Commander, DispatchRoles.Commander, null, password),
            (Trainer, DispatchRoles.Trainer, null, password),
            (Admin, DispatchRoles.Admin, null, password),
        };
        int n = 0;
        for (int v = 0; v < pool.Count && n < volunteerAccounts; v++)
        {
            var id = new VolunteerId(v);
            bool skilled = pool.Catalog.All.Any(d => pool.LevelOf(id, d.Skill) is not null);
            if (skilled && pool.Duty(id) == DutyState.OnDuty && pool.Commitment(id) == CommitmentState.Free)
            {
                accounts.Add((Volunteer(++n), DispatchRoles.Volunteer, id, password));
            }
        }

        return accounts;
    }
}
