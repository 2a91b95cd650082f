using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Records;
using Dispatch.Host.Startup;
using Dispatch.Host.Tests.Records;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Host.Tests.Dispatching;

/// <summary>
/// A whole dispatcher on a fake clock: a real SQLite record, a small live pool of eligible rescuers north of Nanjing's
/// centre (V0 nearest, then 1 km further each), and a one-plan book (flood: 2 rescuers, 20 km, 120 s, over-offer 1.5).
/// </summary>
internal sealed class DispatchWorld : IAsyncDisposable
{
    public static readonly GeoPoint Centre = new(32.06, 118.80);

    private readonly TempRecord _record;

    private DispatchWorld(TempRecord record, LivePool live, FakeTimeProvider time)
    {
        _record = record;
        Live = live;
        Time = time;
        Services = new DispatchServices(record.Store, live, Book(), time);
        Create = new CreateIncident(Services);
        Accept = new AcceptOffer(Services);
        Decline = new DeclineOffer(Services);
        Expire = new ExpireOffer(Services);
    }

    public LivePool Live { get; }

    public FakeTimeProvider Time { get; }

    public DispatchServices Services { get; }

    public RecordStore Store => _record.Store;

    public CreateIncident Create { get; }

    public AcceptOffer Accept { get; }

    public DeclineOffer Decline { get; }

    public ExpireOffer Expire { get; }

    public static async Task<DispatchWorld> CreateAsync(int volunteers = 6)
    {
        var time = new FakeTimeProvider(TempRecord.Now);
        var pool = new VolunteerPool(SkillCatalog.Default, volunteers);
        for (int i = 0; i < volunteers; i++)
        {
            pool.Add(new Volunteer
            {
                Id = new VolunteerId(i),
                BirthDate = new DateOnly(1990, 5, 20),
                Home = North(1 + i),
                LastKnown = North(1 + i),
                LastSeenAt = TempRecord.Now.AddMinutes(-5),
                Skills = [new VolunteerSkill(Skill.Rescue, SkillLevel.Skilled, new DateOnly(2027, 12, 31))],
                InsuranceValidUntil = new DateOnly(2027, 12, 31),
                Duty = DutyState.OnDuty,
            });
        }

        return new DispatchWorld(await TempRecord.CreateAsync(), new LivePool(pool, PoolOrigin.Generated), time);
    }

    public static CreateIncidentCommand Flood(Severity severity = Severity.Minor) =>
        new("flood", severity, Centre, "南京市应急管理局", "鼓楼广场北门", "内涝", null, false, "commander:zhang");

    public static PrePlanBook Book() => new(
        IncidentType.Defaults.Where(t => t.Key == "flood"),
        [new PrePlan("flood", Severity.Minor, [new RequirementTemplate(Skill.Rescue, SkillLevel.Basic, 2)], Meters.FromKilometers(20),
            TimeSpan.FromSeconds(120), 1.5, ScoreWeights.Default, [new EscalationStep.AlertCommander("缺口")],
            "【风险告知】{incident}{severity}：请于{time_window}到达{meeting_point}。")],
        SkillCatalog.Default);

    private static GeoPoint North(double km) => new(Centre.Latitude + (km / 111.195), Centre.Longitude);

    public async ValueTask DisposeAsync()
    {
        Live.Dispose();
        await _record.DisposeAsync();
    }
}
