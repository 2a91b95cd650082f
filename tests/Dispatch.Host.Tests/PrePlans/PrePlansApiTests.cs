using System.Net;
using System.Text.Json;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Auth;
using Dispatch.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Host.Tests.PrePlans;

[Collection(HostCollection.Name)]
public sealed class PrePlansApiTests(DispatchAppFactory app)
{
    private PrePlanBook Book => app.Services.GetRequiredService<PrePlanBook>();

    [Fact]
    public async Task List_EveryPlanOfTheBook_WithItsPath()
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Trainer);
        var plans = await (await client.GetAsync("/api/preplans")).ReadAsync<JsonElement>();

        Assert.Equal(Book.Plans.Count, plans.GetArrayLength());
        var flood = plans.EnumerateArray().Single(p => p.GetProperty("type").GetString() == "flood" && p.GetProperty("severity").GetString() == "minor");
        Assert.Equal("/api/preplans/flood/minor", flood.GetProperty("path").GetString());
        Assert.True(flood.GetProperty("hazardous").GetBoolean());
    }

    [Fact]
    public async Task Get_ExpandedPlan_MatchesTheBook()
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Commander);
        var view = await (await client.GetAsync("/api/preplans/flood/Major")).ReadAsync<JsonElement>();
        var plan = Book.Expand("flood", Severity.Major);

        Assert.Equal("major", view.GetProperty("severity").GetString());
        Assert.Equal(plan.SearchRadius.Value, view.GetProperty("radiusMeters").GetDouble());
        Assert.Equal(plan.OfferTimeout.TotalSeconds, view.GetProperty("offerTimeoutSeconds").GetDouble());
        Assert.Equal(plan.OverOfferFactor, view.GetProperty("overOfferFactor").GetDouble());
        Assert.Equal(plan.RiskStatementTemplate, view.GetProperty("riskStatementTemplate").GetString());
        Assert.Equal(plan.Requirements.Count, view.GetProperty("requirements").GetArrayLength());
        Assert.Equal(plan.Requirements.Sum(r => r.Count), view.GetProperty("requirements").EnumerateArray().Sum(r => r.GetProperty("count").GetInt32()));
        Assert.Equal(plan.Escalation.Count, view.GetProperty("escalation").GetArrayLength());
        Assert.Equal(
            plan.Escalation.Select(s => s.Kind.ToString()),
            view.GetProperty("escalation").EnumerateArray().Select(s => s.GetProperty("kind").GetString()!),
            StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/preplans/no_such_type/minor", HttpStatusCode.NotFound)]
    [InlineData("/api/preplans/flood/extreme", HttpStatusCode.BadRequest)]
    [InlineData("/api/preplans/flood/2", HttpStatusCode.BadRequest)]
    public async Task Get_UnknownTypeNotFound_BadSeverity400(string path, HttpStatusCode expected)
    {
        using var client = await app.CreateClientForAsync(DispatchRoles.Admin);
        using var response = await client.GetAsync(path);
        await response.AssertProblemAsync(expected);
    }
}
