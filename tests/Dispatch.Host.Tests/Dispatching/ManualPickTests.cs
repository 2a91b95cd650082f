using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Records;

namespace Dispatch.Host.Tests.Dispatching;

public sealed class ManualPickTests
{
    private static async Task<(DispatchWorld World, RequirementId Requirement)> FloodAsync()
    {
        // Six rescuers; the flood asks for 2 and offers 3 (V0–V2), so V3–V5 are free to pick by hand.
        var world = await DispatchWorld.CreateAsync();
        var created = await world.Create.ExecuteAsync(DispatchWorld.Flood());
        return (world, Assert.Single(created.Requirements).Id);
    }

    [Fact]
    public async Task Pick_EligibleVolunteer_WritesManualOfferWithScoreAndClaims()
    {
        var (world, requirement) = await FloodAsync();
        await using var _ = world;

        var result = await new ManualPick(world.Services).ExecuteAsync(requirement, new VolunteerId(4), "熟悉地形", null, "commander:zhang");

        Assert.Equal(ManualPickStatus.Offered, result.Status);
        Assert.False(result.Decision!.Forced);
        Assert.Equal((4, true, "熟悉地形", OfferState.Pending), (result.Offer!.Volunteer.Value, result.Offer.Manual, result.Offer.ManualReason, result.Offer.State));
        Assert.NotNull(result.Offer.Score);
        Assert.Equal(CommitmentState.Offered, world.Live.Pool.Commitment(new VolunteerId(4)));

        // It is an offer, not an order: the volunteer can decline it like any other.
        var declined = await world.Decline.ExecuteAsync(result.Offer.Id, new VolunteerId(4), "volunteer:4", "不便");
        Assert.Equal(OfferState.Declined, declined.Offer!.State);
    }

    [Fact]
    public async Task Pick_OffDutyWithoutForce_RefusedAndNothingWritten()
    {
        var (world, requirement) = await FloodAsync();
        await using var _ = world;
        world.Live.Pool.SetDuty(new VolunteerId(5), DutyState.OffDuty);

        var result = await new ManualPick(world.Services).ExecuteAsync(requirement, new VolunteerId(5), "就近", null, "commander:zhang");

        Assert.Equal((ManualPickStatus.Refused, Ineligibility.OffDuty), (result.Status, result.Decision!.Reason));
        Assert.Empty(await world.Store.ReadAsync(r => r.GetPendingOffersForVolunteerAsync(new VolunteerId(5))));
    }

    [Fact]
    public async Task Pick_OffDutyForcedWithReason_OffersAndRecordsTheForce()
    {
        var (world, requirement) = await FloodAsync();
        await using var _ = world;
        world.Live.Pool.SetDuty(new VolunteerId(5), DutyState.OffDuty);

        var result = await new ManualPick(world.Services).ExecuteAsync(requirement, new VolunteerId(5), "唯一会操作冲锋舟的人", "电话确认可到场", "commander:zhang");

        Assert.Equal(ManualPickStatus.Offered, result.Status);
        Assert.True(result.Decision!.Forced);
        var audit = await world.Store.ReadAsync(r => r.GetAuditForVolunteerAsync(new VolunteerId(5)));
        Assert.Contains(audit, e => e.Kind == AuditKinds.OfferCreated && e.Reason.Contains("Forced over OffDuty", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pick_UninsuredEvenForced_RefusedBecauseTheLawForbids()
    {
        var (world, requirement) = await FloodAsync();
        await using var _ = world;
        world.Live.Pool.SetInsurance(new VolunteerId(5), null);

        var result = await new ManualPick(world.Services).ExecuteAsync(requirement, new VolunteerId(5), "就近", "指挥员强制", "commander:zhang");

        Assert.Equal((ManualPickStatus.Refused, Ineligibility.Uninsured), (result.Status, result.Decision!.Reason));
        Assert.Contains("law", result.Decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pick_VolunteerHoldingAnOffer_RefusedAsCommitted()
    {
        var (world, requirement) = await FloodAsync();
        await using var _ = world;

        var result = await new ManualPick(world.Services).ExecuteAsync(requirement, new VolunteerId(0), "再派", "强制", "commander:zhang");

        Assert.Equal((ManualPickStatus.Refused, Ineligibility.Committed), (result.Status, result.Decision!.Reason));
    }

    [Fact]
    public async Task Pick_UnknownRequirementOrVolunteer_NotFoundOrArgumentError()
    {
        var (world, requirement) = await FloodAsync();
        await using var _ = world;
        var pick = new ManualPick(world.Services);

        Assert.Equal(ManualPickStatus.NotFound, (await pick.ExecuteAsync(new RequirementId(987_654), new VolunteerId(4), "x", null, "commander:zhang")).Status);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => pick.ExecuteAsync(requirement, new VolunteerId(60_000), "x", null, "commander:zhang"));
        await Assert.ThrowsAsync<ArgumentException>(() => pick.ExecuteAsync(requirement, new VolunteerId(4), " ", null, "commander:zhang"));
    }
}
