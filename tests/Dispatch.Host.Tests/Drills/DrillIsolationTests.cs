using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Dispatch.Engine.Pool;
using Dispatch.Host.Auth;
using Dispatch.Host.Drills;
using Dispatch.Host.Records;
using Dispatch.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Host.Tests.Drills;

/// <summary>A drill run in the host changes nothing live: the live record's lifecycle tables and the live pool are as before.</summary>
[Collection(HostCollection.Name)]
public sealed class DrillIsolationTests
{
    private static readonly string[] LiveTables = ["incidents", "requirements", "offers", "assignments", "volunteer_state", "audit_events", "service_records", "reviews", "ledger"];

    [Fact]
    public async Task DrillInHost_RunsToTheEnd_LiveRecordAndLivePoolUnchanged()
    {
        using var app = new DispatchAppFactory(dataFolder: null);
        using var trainer = await app.CreateClientForAsync(DispatchRoles.Trainer);
        var store = app.Services.GetRequiredService<RecordStore>();
        var recordBefore = await LiveRecordAsync(store);
        var poolBefore = LivePool(app.LivePool.Pool);

        using var started = await trainer.PostAsJsonAsync("/api/drills/runs", new { scenario = "wuxi_expressway_pileup", speed = "max" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        string id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var session = app.Services.GetRequiredService<DrillService>().Find(id)!;
        await session.Completion.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(DrillSessionState.Completed, session.State);
        Assert.True(session.Result!.OffersSent > 0, "the drill dispatched on its own record");
        Assert.Equal(recordBefore, await LiveRecordAsync(store));
        Assert.Equal(poolBefore, LivePool(app.LivePool.Pool));
        Assert.Equal(1L, await store.ReadAsync(r => r.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM drill_results", transaction: r.Transaction)));
        Assert.Empty(Directory.GetDirectories(Path.Combine(app.DataFolderPath, "drill-runs")));
    }

    /// <summary>Row counts and the last id of every lifecycle table of the live record.</summary>
    private static Task<string> LiveRecordAsync(RecordStore store) =>
        store.ReadAsync(async r =>
        {
            var parts = new List<string>();
            foreach (string table in LiveTables)
            {
                long count = await r.Connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}", transaction: r.Transaction);
                parts.Add($"{table}={count}");
            }

            parts.Add($"tail={await r.GetLastEventIdAsync()}");
            return string.Join(';', parts);
        });

    /// <summary>Every volunteer's dispatch-relevant state in the live pool.</summary>
    private static string LivePool(VolunteerPool pool)
    {
        var hash = new HashCode();
        for (int i = 0; i < pool.Count; i++)
        {
            var v = pool.Get(new VolunteerId(i));
            hash.Add(v.Duty);
            hash.Add(v.Commitment);
            hash.Add(v.LastKnown);
            hash.Add(v.OffersReceived);
            hash.Add(v.OffersAccepted);
            hash.Add(v.RestingUntil);
            hash.Add(v.HoursLast7Days);
        }

        return $"{pool.Count}:{hash.ToHashCode()}";
    }
}
