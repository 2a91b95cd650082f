using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Auth;
using Dispatch.Host.Realtime;
using Dispatch.Host.Startup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Host.Tests.Realtime;

/// <summary>
/// The real host on Kestrel (127.0.0.1, a free port) so SignalR clients use real websockets, on a temp data folder and
/// a <see cref="FakeTimeProvider"/>. The pool is laid out for the tests: <see cref="Clusters"/> clusters of
/// <see cref="PerCluster"/> rescuers, each cluster far from the others, volunteer 0 of a cluster nearest its centre,
/// then 1 km further each; the pre-plan book has one plan (flood: 1 rescuer, 20 km, 120 s, no over-offer), so every test
/// owns a cluster and knows who is offered next. Every volunteer has an account <c>v{id}</c>.
/// (The shared <c>DispatchAppFactory</c> runs on the in-memory TestServer, which has no real sockets.)
/// </summary>
public sealed class RealtimeAppFactory : WebApplicationFactory<Program>
{
    public const int Clusters = 11;
    public const int PerCluster = 4;
    public const string Password = "realtime-test";
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan OfferTimeout = TimeSpan.FromSeconds(120);

    private readonly Dictionary<string, string> _tokens = [];
    private readonly SemaphoreSlim _tokenLock = new(1, 1);

    public RealtimeAppFactory()
    {
        DataFolderPath = Directory.CreateTempSubdirectory("dispatch-realtime-tests-").FullName;
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public string DataFolderPath { get; }

    public Uri BaseUri
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    public static GeoPoint CentreOf(int cluster) => new(32.06, 118.0 + (cluster * 0.5));

    /// <summary>The pool id of the <paramref name="rank"/>-th nearest volunteer of <paramref name="cluster"/>.</summary>
    public static int VolunteerOf(int cluster, int rank) => (cluster * PerCluster) + rank;

    public static string UserOf(int volunteer) => $"v{volunteer}";

    public async Task<string> TokenAsync(string userName)
    {
        await _tokenLock.WaitAsync();
        try
        {
            if (!_tokens.TryGetValue(userName, out var token))
            {
                using var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = BaseUri, HandleCookies = false });
                using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = Password });
                response.EnsureSuccessStatusCode();
                token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
                _tokens[userName] = token;
            }

            return token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    /// <summary>An HTTP client to the Kestrel address with the bearer token of <paramref name="userName"/> (null: anonymous).</summary>
    public async Task<HttpClient> ClientAsync(string? userName)
    {
        var client = new HttpClient { BaseAddress = BaseUri };
        if (userName is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName));
        }

        return client;
    }

    /// <summary>A started hub connection over websockets, authenticated with the token of <paramref name="userName"/>.</summary>
    public async Task<HubConnection> ConnectAsync(string path, string userName, bool messagePack = false, Action<HubConnection>? handlers = null)
    {
        string token = await TokenAsync(userName);
        var builder = new HubConnectionBuilder().WithUrl(new Uri(BaseUri, path.TrimStart('/')), o =>
        {
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        });
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var connection = builder.Build();
        handlers?.Invoke(connection);
        await connection.StartAsync();
        return connection;
    }

    public Task<HubConnection> ConnectVolunteerAsync(int volunteer, bool messagePack = false, Action<HubConnection>? handlers = null) =>
        ConnectAsync(VolunteerHub.Path, UserOf(volunteer), messagePack, handlers);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Dispatch:DataFolder", DataFolderPath);
        builder.UseSetting("Dispatch:PrintBanner", "false");
        builder.UseSetting("Dispatch:JobWorkers", "1");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton(_ => new LivePool(Pool(), PoolOrigin.Generated));
            services.AddSingleton(Book());
            services.AddSingleton<IUserDirectory>(Users());
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _tokenLock.Dispose();
            if (Directory.Exists(DataFolderPath))
            {
                Directory.Delete(DataFolderPath, recursive: true);
            }
        }
    }

    private static VolunteerPool Pool()
    {
        var pool = new VolunteerPool(SkillCatalog.Default, Clusters * PerCluster);
        for (int c = 0; c < Clusters; c++)
        {
            for (int r = 0; r < PerCluster; r++)
            {
                var at = new GeoPoint(CentreOf(c).Latitude + ((1 + r) / 111.195), CentreOf(c).Longitude);
                pool.Add(new Volunteer
                {
                    Id = new VolunteerId(VolunteerOf(c, r)),
                    BirthDate = new DateOnly(1990, 5, 20),
                    Home = at,
                    LastKnown = at,
                    LastSeenAt = Start.AddMinutes(-5),
                    Skills = [new VolunteerSkill(Skill.Rescue, SkillLevel.Skilled, new DateOnly(2027, 12, 31))],
                    InsuranceValidUntil = new DateOnly(2027, 12, 31),
                    Duty = DutyState.OnDuty,
                });
            }
        }

        return pool;
    }

    private static PrePlanBook Book() => new(
        IncidentType.Defaults.Where(t => t.Key == "flood"),
        [new PrePlan("flood", Severity.Minor, [new RequirementTemplate(Skill.Rescue, SkillLevel.Basic, 1)], Meters.FromKilometers(20),
            OfferTimeout, 1.0, ScoreWeights.Default, [new EscalationStep.AlertCommander("缺口")],
            "【风险告知】{incident}{severity}：请于{time_window}到达{meeting_point}。")],
        SkillCatalog.Default);

    private static InMemoryUserDirectory Users() => InMemoryUserDirectory.Create(
        new (string, string, VolunteerId?, string)[]
        {
            (DemoAccounts.Commander, DispatchRoles.Commander, null, Password),
            (DemoAccounts.Trainer, DispatchRoles.Trainer, null, Password),
            (DemoAccounts.Admin, DispatchRoles.Admin, null, Password),
        }.Concat(Enumerable.Range(0, Clusters * PerCluster).Select(v => (UserOf(v), DispatchRoles.Volunteer, (VolunteerId?)new VolunteerId(v), Password))));

    private sealed record TokenResponse(string AccessToken);
}

/// <summary>Realtime test classes share one Kestrel host; the collection runs alone (never beside another test host).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealtimeCollection : ICollectionFixture<RealtimeAppFactory>
{
    public const string Name = "Dispatch realtime host";
}
