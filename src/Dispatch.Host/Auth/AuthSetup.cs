using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Dispatch.Host.Auth;

/// <summary>
/// Cookies for the board, bearer tokens (ASP.NET Core's <c>AddBearerToken</c>, data-protected) for the API and hubs.
/// A policy scheme picks per request: a bearer token when one is presented, the cookie otherwise.
/// </summary>
internal static class AuthSetup
{
    public const string Scheme = "dispatch";
    public const string CookieName = "dispatch.auth";
    public const string HubsPath = "/hubs";
    public const string AccessTokenQuery = "access_token";

    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    public static IServiceCollection AddDispatchAuth(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = SelectScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = SessionLifetime;
                o.SlidingExpiration = true;

                // The board has no login page yet: answer 401/403 (as problem details) instead of redirecting.
                o.Events.OnRedirectToLogin = ctx => SetStatus(ctx.Response, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => SetStatus(ctx.Response, StatusCodes.Status403Forbidden);
            })
            .AddBearerToken(o =>
            {
                o.BearerTokenExpiration = SessionLifetime;
                o.Events.OnMessageReceived = ctx =>
                {
                    // Browsers cannot set headers on a websocket: SignalR sends the token in the query string,
                    // accepted on hub paths only (and kept out of logs, see Observability/RequestLogging).
                    if (ctx.Request.Path.StartsWithSegments(HubsPath)
                        && ctx.Request.Query[AccessTokenQuery] is [{ Length: > 0 } token])
                    {
                        ctx.Token = token;
                    }

                    return Task.CompletedTask;
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(DispatchPolicies.Commander, p => p.RequireRole(DispatchRoles.Commander))
            .AddPolicy(DispatchPolicies.Volunteer, p => p.RequireRole(DispatchRoles.Volunteer).RequireClaim(DispatchClaims.VolunteerId))
            .AddPolicy(DispatchPolicies.Trainer, p => p.RequireRole(DispatchRoles.Trainer))
            .AddPolicy(DispatchPolicies.Admin, p => p.RequireRole(DispatchRoles.Admin))
            .AddPolicy(DispatchPolicies.Board, p => p.RequireRole(DispatchRoles.Commander, DispatchRoles.Trainer))
            .AddPolicy(DispatchPolicies.PoolReader, p => p.RequireRole(DispatchRoles.Commander, DispatchRoles.Trainer, DispatchRoles.Admin))
            .AddPolicy(DispatchPolicies.VolunteerReader, p => p.RequireRole(DispatchRoles.Commander, DispatchRoles.Admin, DispatchRoles.Volunteer))
            .AddPolicy(DispatchPolicies.AnyUser, p => p.RequireAuthenticatedUser());
        return services;
    }

    private static string SelectScheme(HttpContext context)
    {
        var request = context.Request;
        bool bearer = request.Headers.Authorization is [{ } header] && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        bool hubToken = request.Path.StartsWithSegments(HubsPath) && request.Query.ContainsKey(AccessTokenQuery);
        return bearer || hubToken ? BearerTokenDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static Task SetStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
