using System.Net;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Auth;
using Dispatch.Host.Startup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Browser.Tests;

/// <summary>
/// The real host on Kestrel (127.0.0.1, a free port) on a temp data folder, with the system clock (the browser's
/// countdowns run on it too). The pool: <see cref="Clusters"/> clusters of <see cref="PerCluster"/> rescuers far apart,
/// rank 0 nearest each centre, so every test owns a cluster and knows who is offered next. One plan: flood, 1 rescuer,
/// 20 km, offers wait 10 minutes (nothing expires during a test), no over-offer. Accounts: <c>commander</c> and
/// <c>v{id}</c> for every volunteer.
/// </summary>
public sealed class BoardHostFactory : WebApplicationFactory<Program>
{
    public const int Clusters = 6;
    public const int PerCluster = 3;
    public const string Password = "browser-test";

    public BoardHostFactory()
    {
        DataFolderPath = Directory.CreateTempSubdirectory("dispatch-browser-tests-").FullName;
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

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

    public static GeoPoint CentreOf(int cluster) => new(32.06 + (cluster % 2 * 0.8), 118.2 + (cluster * 0.4));

    public static int VolunteerOf(int cluster, int rank) => (cluster * PerCluster) + rank;

    public static string UserOf(int volunteer) => $"v{volunteer}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Dispatch:DataFolder", DataFolderPath);
        builder.UseSetting("Dispatch:PrintBanner", "false");
        builder.UseSetting("Dispatch:JobWorkers", "1");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(_ => new LivePool(Pool(), PoolOrigin.Generated));
            services.AddSingleton(Book());
            services.AddSingleton<IUserDirectory>(Users());
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataFolderPath))
        {
            Directory.Delete(DataFolderPath, recursive: true);
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
                    City = JiangsuRegions.Default.CityAt(at)?.Index ?? 0,
                    BirthDate = new DateOnly(1990, 5, 20),
                    Home = at,
                    LastKnown = at,
                    LastSeenAt = DateTimeOffset.UtcNow.AddMinutes(-5),
                    Skills = [new VolunteerSkill(Skill.Rescue, SkillLevel.Skilled, DateOnly.FromDateTime(DateTime.UtcNow.AddYears(2)))],
                    InsuranceValidUntil = DateOnly.FromDateTime(DateTime.UtcNow.AddYears(2)),
                    Duty = DutyState.OnDuty,
                });
            }
        }

        return pool;
    }

    private static PrePlanBook Book() => new(
        IncidentType.Defaults.Where(t => t.Key == "flood"),
        [new PrePlan("flood", Severity.Moderate, [new RequirementTemplate(Skill.Rescue, SkillLevel.Basic, 1)], Meters.FromKilometers(20),
            TimeSpan.FromMinutes(10), 1.0, ScoreWeights.Default, [new EscalationStep.AlertCommander("缺口")],
            "【风险告知】{incident}{severity}：请于{time_window}到达{meeting_point}。")],
        SkillCatalog.Default);

    private static InMemoryUserDirectory Users() => InMemoryUserDirectory.Create(
        new (string, string, VolunteerId?, string)[]
        {
            (DemoAccounts.Commander, DispatchRoles.Commander, null, Password),
            (DemoAccounts.Trainer, DispatchRoles.Trainer, null, Password),
        }.Concat(Enumerable.Range(0, Clusters * PerCluster).Select(v => (UserOf(v), DispatchRoles.Volunteer, (VolunteerId?)new VolunteerId(v), Password))));
}
