using System.Security.Claims;
using Dispatch.Host.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Host.Auth;

/// <summary><c>/api/auth</c>: cookie login/logout for the board, bearer tokens for the API and hubs, and "who am I".</summary>
internal static class AuthApi
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/auth").WithTags("Auth");

        group.MapPost("/login", async Task<Results<Ok<SessionInfo>, ValidationProblem, ProblemHttpResult>> (Credentials body, IUserDirectory users, HttpContext http) =>
        {
            if (body.Errors() is { } errors)
            {
                return TypedResults.ValidationProblem(errors);
            }

            if (await users.VerifyAsync(body.UserName!, body.Password!, http.RequestAborted) is not { } user)
            {
                return InvalidCredentials();
            }

            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                UserPrincipal.Create(user, CookieAuthenticationDefaults.AuthenticationScheme));
            return TypedResults.Ok(SessionInfo.Of(user));
        })
        .AllowAnonymous()
        .WithSummary("Sign in with a cookie (the board).");

        group.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.NoContent();
        })
        .AllowAnonymous()
        .WithSummary("End the cookie session.");

        group.MapPost("/token", async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> (Credentials body, IUserDirectory users, CancellationToken ct) =>
        {
            if (body.Errors() is { } errors)
            {
                return TypedResults.ValidationProblem(errors);
            }

            return await users.VerifyAsync(body.UserName!, body.Password!, ct) is { } user
                ? TypedResults.SignIn(UserPrincipal.Create(user, BearerTokenDefaults.AuthenticationScheme),
                    authenticationScheme: BearerTokenDefaults.AuthenticationScheme)
                : InvalidCredentials();
        })
        .AllowAnonymous()
        .Produces<AccessTokenResponse>()
        .WithSummary("Get a bearer token for the API and the hubs (hubs also accept it as ?access_token=).");

        group.MapGet("/me", Ok<SessionInfo> (ClaimsPrincipal principal) => TypedResults.Ok(SessionInfo.Of(principal)))
            .RequireAuthorization(DispatchPolicies.AnyUser)
            .WithSummary("The signed-in user.");

        return routes;
    }

    /// <summary>One answer for unknown user and wrong password alike.</summary>
    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid user name or password.");

    /// <summary>Both fields are required; a missing one is a 400, a wrong one the same 401 as an unknown user.</summary>
    internal sealed record Credentials(string? UserName, string? Password)
    {
        public Dictionary<string, string[]>? Errors()
        {
            var errors = new Dictionary<string, string[]>();
            Check(errors, "userName", UserName);
            Check(errors, "password", Password);
            return errors.Count == 0 ? null : errors;
        }

        private static void Check(Dictionary<string, string[]> errors, string name, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                errors[name] = [$"{name} is required."];
            }
            else if (value.Length > ApiLimits.MaxNameLength)
            {
                errors[name] = [$"{name} is longer than {ApiLimits.MaxNameLength} characters."];
            }
        }
    }

    internal sealed record SessionInfo(string UserName, string Role, int? VolunteerId)
    {
        public static SessionInfo Of(DispatchUser user) => new(user.UserName, user.Role, user.VolunteerId?.Value);

        public static SessionInfo Of(ClaimsPrincipal principal) =>
            new(principal.Identity?.Name ?? "", principal.FindFirstValue(ClaimTypes.Role) ?? "", principal.VolunteerIdOf()?.Value);
    }
}
