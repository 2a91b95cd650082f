using System.Globalization;
using System.Security.Claims;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Auth;

/// <summary>Builds principals from users and reads the host's claims back.</summary>
public static class UserPrincipal
{
    public static ClaimsPrincipal Create(DispatchUser user, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.Role, user.Role),
        };
        if (user.VolunteerId is { } id)
        {
            claims.Add(new Claim(DispatchClaims.VolunteerId, id.Value.ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    /// <summary>The volunteer this principal speaks for, or null for staff accounts.</summary>
    public static VolunteerId? VolunteerIdOf(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return int.TryParse(principal.FindFirstValue(DispatchClaims.VolunteerId), NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? new VolunteerId(v)
            : null;
    }
}
