using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using System.Security.Claims;
using Dispatch.Engine.Pool;
using Dispatch.Host.Api;

namespace Dispatch.Host.Tests.Support;

/// <summary>Endpoints that exist only in test hosts: they throw on purpose or echo the caller.</summary>
internal sealed class TestEndpoints : IStartupFilter
{
    public const string Throw = "/test/throw";
    public const string SecretInException = "secret-exception-text-7f3a";
    public const string EngineValidation = "/test/engine-validation";
    public const string HubWhoAmI = "/hubs/test/whoami";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseEndpoints(e =>
        {
            e.MapGet(Throw, string () => throw new InvalidOperationException(SecretInException));
            e.MapGet(EngineValidation, () => TypedResults.Ok(new SkillLevel(9).Value)).WithEngineValidation();
            e.MapGet(HubWhoAmI, (ClaimsPrincipal user) => TypedResults.Ok(user.Identity!.Name)).RequireAuthorization();
        });
    };
}
