using Dispatch.Board.Components;
using Dispatch.Board.Ports;
using Dispatch.Host.Realtime;
using MudBlazor.Services;

namespace Dispatch.Host.Board;

/// <summary>
/// The command board (<c>/board</c>, MudBlazor, interactive server), the login page (<c>/login</c>) and the volunteer app
/// (<c>/volunteer</c>, static page over <c>/hubs/volunteer</c>): the board's ports implemented over the record, the
/// live pool and the use cases, and the change-feed listener that fans out to board circuits.
/// </summary>
public static class BoardSetup
{
    public static WebApplicationBuilder AddDispatchBoard(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.Configure<BoardOptions>(builder.Configuration.GetSection(BoardOptions.Section));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();

        services.AddSingleton<BoardFeed>();
        services.AddSingleton<IBoardChangeStream>(sp => sp.GetRequiredService<BoardFeed>());
        services.AddSingleton<IChangeFeedListener>(sp => sp.GetRequiredService<BoardFeed>());
        services.AddSingleton<PoolStats>();
        services.AddSingleton<BoardPrivacy>();
        services.AddSingleton<ReportAssignmentDone>();
        services.AddScoped<IBoardQueries, BoardQueries>();
        services.AddScoped<IBoardCommands, BoardCommands>();
        services.AddSingleton<IDrillConsole, DrillConsoleAdapter>();
        return builder;
    }

    public static WebApplication MapDispatchBoard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Static files as middleware, not MapStaticAssets: in Development the latter adds a GET catch-all endpoint
        // ({**path:file}) that turns the API's 405 (wrong method) answers into 404s.
        app.UseStaticFiles();
        app.UseAntiforgery();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapGet("/", () => TypedResults.Redirect("/board")).ExcludeFromDescription();
        app.MapVolunteerAppApi();
        return app;
    }
}
