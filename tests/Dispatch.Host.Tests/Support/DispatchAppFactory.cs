using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dispatch.Host.Auth;
using Dispatch.Host.Health;
using Dispatch.Host.Startup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Host.Tests.Support;

/// <summary>
/// The one application factory: the real host (Program → <c>serve</c>) on a temporary data folder with a small demo
/// pool, a <see cref="FakeTimeProvider"/>, captured logs and test-only endpoints. Shared through
/// <see cref="HostCollection"/>; tests that need a host of their own (restart on the same folder) construct one inside
/// that collection so that no two hosts run requests in parallel.
/// </summary>
public sealed class DispatchAppFactory : WebApplicationFactory<Program>
{
    public const int DefaultVolunteers = 5_000;
    public const string Password = "test-password";

    private readonly ConcurrentDictionary<string, Task<string>> _tokens = new();
    private readonly bool _ownsDataFolder;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public DispatchAppFactory()
        : this(dataFolder: null)
    {
    }

    /// <param name="dataFolder">An existing folder to reuse (restart tests); null for a fresh one deleted on dispose.</param>
    /// <param name="volunteers">Size of the demo pool generated on a first start.</param>
    /// <param name="settings">Extra configuration, e.g. <c>Dispatch:Mode</c>.</param>
    /// <param name="withSwitchableProbe">Register <see cref="Probe"/>; without it the host has no readiness probes.</param>
    internal DispatchAppFactory(string? dataFolder, int volunteers = DefaultVolunteers, IReadOnlyDictionary<string, string?>? settings = null, bool withSwitchableProbe = true)
    {
        _ownsDataFolder = dataFolder is null;
        DataFolderPath = dataFolder ?? NewTempFolder();
        Volunteers = volunteers;
        _settings = settings ?? new Dictionary<string, string?>();
        WithSwitchableProbe = withSwitchableProbe;
    }

    /// <summary>Fixed start: 2025-06-15 10:00 Asia/Shanghai.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 15, 2, 0, 0, TimeSpan.Zero));

    public CapturedLogs Logs { get; } = new();

    public SwitchableReadinessProbe Probe { get; } = new();

    public string DataFolderPath { get; }

    public int Volunteers { get; }

    public bool WithSwitchableProbe { get; }

    public LivePool LivePool => Services.GetRequiredService<LivePool>();

    public static string NewTempFolder() => Directory.CreateTempSubdirectory("dispatch-host-tests-").FullName;

    /// <summary>The demo account name for a role (volunteers: the first volunteer account).</summary>
    public static string UserNameFor(string role) => role switch
    {
        DispatchRoles.Commander => DemoAccounts.Commander,
        DispatchRoles.Trainer => DemoAccounts.Trainer,
        DispatchRoles.Admin => DemoAccounts.Admin,
        DispatchRoles.Volunteer => DemoAccounts.Volunteer(1),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };

    /// <summary>The pool volunteer id a demo volunteer account speaks for.</summary>
    public async Task<int> VolunteerIdOfAsync(string userName)
    {
        var user = await Services.GetRequiredService<IUserDirectory>().FindAsync(userName, CancellationToken.None);
        return user?.VolunteerId?.Value ?? throw new InvalidOperationException($"{userName} is not a volunteer account.");
    }

    /// <summary>A client signed in with the board cookie as the demo account of <paramref name="role"/>.</summary>
    public async Task<HttpClient> LoginAsync(string role)
    {
        var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = UserNameFor(role), password = Password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A bearer token for the demo account of <paramref name="role"/> (fetched once per factory).</summary>
    public Task<string> TokenAsync(string role) => _tokens.GetOrAdd(role, r => FetchTokenAsync(UserNameFor(r)));

    /// <summary>A client that sends a bearer token for the demo account of <paramref name="role"/>; null role = anonymous.</summary>
    public async Task<HttpClient> CreateClientForAsync(string? role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(role));
        }

        return client;
    }

    public async Task<string> FetchTokenAsync(string userName)
    {
        using var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = Password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>();
        return body?.AccessToken ?? throw new InvalidOperationException("The token endpoint returned no access token.");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Dispatch:DataFolder", DataFolderPath);
        builder.UseSetting("Dispatch:DemoPool:Volunteers", Volunteers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Dispatch:DemoPassword", Password);
        builder.UseSetting("Dispatch:PrintBanner", "false");
        builder.UseSetting("Dispatch:JobWorkers", "1");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IStartupFilter, TestEndpoints>();
            if (WithSwitchableProbe)
            {
                services.AddSingleton<IReadinessProbe>(Probe);
            }

            // The capture sees every level of every category, so a redaction test catches any leak.
            services.Configure<LoggerFilterOptions>(o =>
                o.Rules.Add(new LoggerFilterRule(typeof(CapturedLogs).FullName, null, LogLevel.Trace, null)));
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDataFolder && Directory.Exists(DataFolderPath))
        {
            Directory.Delete(DataFolderPath, recursive: true);
        }
    }

    private sealed record TokenResponse(string AccessToken);
}

/// <summary>Host-owning test classes join this collection: one shared host, never two hosts serving in parallel.</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<DispatchAppFactory>
{
    public const string Name = "Dispatch host";
}
