using Dispatch.Board.Ports;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Dispatching;
using NewIncident = Dispatch.Board.Ports.NewIncident;

namespace Dispatch.Host.Board;

/// <summary>
/// The board's commands: each one calls the same use case as its API endpoint, with the same limits, and turns the
/// outcome into a message for the commander. Trainers watch the board; only commanders command.
/// </summary>
internal sealed class BoardCommands(
    CreateIncident create, ManualPick pick, WithdrawOffer withdraw, ReleaseAssignment release, ReviewAssignment review,
    EscalateRequirement escalate, ChangeSeverity severity, EndIncident end, BoardPrivacy privacy) : IBoardCommands
{
    public const int MaxReason = 500;
    public const int MaxText = 200;

    public async Task<CommandOutcome> CreateIncidentAsync(BoardUser user, NewIncident incident, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (Refuse(user) is { } refused)
        {
            return refused;
        }

        if (Blank(incident.CommandAuthority, MaxText) || Blank(incident.MeetingPoint, MaxText) || (incident.Notes?.Length ?? 0) > 4_000)
        {
            return CommandOutcome.Refused(T(user, "请填写指挥机构和集合地点（各不超过 200 字）。", "Fill in the command authority and the meeting point (200 characters at most)."));
        }

        try
        {
            var result = await create.ExecuteAsync(new CreateIncidentCommand(
                incident.TypeKey, incident.Severity, new GeoPoint(incident.Latitude, incident.Longitude), incident.CommandAuthority.Trim(),
                incident.MeetingPoint.Trim(), incident.Notes ?? "",
                incident.OfferTimeoutSeconds is { } seconds ? new PrePlanOverride(null, null, TimeSpan.FromSeconds(seconds)) : null,
                IsDrill: false, user.Actor), cancellationToken).ConfigureAwait(false);
            long id = result.Incident.Id.Value;
            string shortfalls = result.Shortfalls.Count == 0 ? "" : T(user, $"；{result.Shortfalls.Count} 项需求有缺口", $"; {result.Shortfalls.Count} requirements short");
            return CommandOutcome.Ok(T(user, $"已创建事件 #{id}，发出 {result.OffersSent.Count} 个派单邀请{shortfalls}。", $"Incident #{id} opened, {result.OffersSent.Count} offers sent{shortfalls}."), id);
        }
        catch (ArgumentException e)
        {
            return CommandOutcome.Refused(e.Message);
        }
    }

    public async Task<CommandOutcome> ManualPickAsync(BoardUser user, long requirementId, int volunteerId, string reason, string? forceReason, CancellationToken cancellationToken = default)
    {
        if ((Refuse(user) ?? RefuseReason(user, reason)) is { } refused)
        {
            return refused;
        }

        if ((forceReason?.Length ?? 0) > MaxReason)
        {
            return CommandOutcome.Refused(T(user, "越过理由不超过 500 字。", "The override reason has at most 500 characters."));
        }

        try
        {
            var result = await pick.ExecuteAsync(new RequirementId(requirementId), new VolunteerId(volunteerId), reason.Trim(), forceReason, user.Actor, cancellationToken).ConfigureAwait(false);
            return result.Status switch
            {
                ManualPickStatus.Offered => CommandOutcome.Ok(T(user, $"已向志愿者 {volunteerId} 发出派单邀请 #{result.Offer!.Id.Value}（对方仍可拒单）。", $"Offer #{result.Offer!.Id.Value} sent to volunteer {volunteerId} (they may still decline)."), result.Offer.Id.Value),
                ManualPickStatus.AlreadyClaimed => CommandOutcome.Refused(T(user, $"志愿者 {volunteerId} 已有待答复的邀请。", $"Volunteer {volunteerId} already holds an offer.")),
                ManualPickStatus.NotFound => CommandOutcome.Refused(T(user, "需求不存在。", "No such requirement.")),
                ManualPickStatus.Refused => CommandOutcome.Refused(T(user, "不能派单：", "Refused: ") + (result.Decision?.Explanation ?? "")),
            };
        }
        catch (ArgumentException)
        {
            return CommandOutcome.Refused(T(user, $"资源库中没有志愿者 {volunteerId}。", $"Volunteer {volunteerId} is not in the pool."));
        }
    }

    public async Task<CommandOutcome> WithdrawOfferAsync(BoardUser user, long offerId, string reason, CancellationToken cancellationToken = default)
    {
        if ((Refuse(user) ?? RefuseReason(user, reason)) is { } refused)
        {
            return refused;
        }

        var answer = await withdraw.ExecuteAsync(new OfferId(offerId), user.Actor, reason.Trim(), cancellationToken).ConfigureAwait(false);
        return answer.Status switch
        {
            OfferAnswerStatus.Done when answer.Decision is { Verdict: OfferVerdict.Applied } => CommandOutcome.Ok(T(user, $"已撤回邀请 #{offerId}。", $"Offer #{offerId} withdrawn."), offerId),
            OfferAnswerStatus.Done => CommandOutcome.Refused(T(user, $"邀请 #{offerId} 已不在待答复状态：", $"Offer #{offerId} is no longer pending: ") + answer.Decision?.Reason),
            _ => CommandOutcome.Refused(T(user, "邀请不存在。", "No such offer.")),
        };
    }

    public async Task<CommandOutcome> ReleaseAsync(BoardUser user, long assignmentId, string leader, CancellationToken cancellationToken = default)
    {
        if (Refuse(user) is { } refused)
        {
            return refused;
        }

        if (Blank(leader, MaxText))
        {
            return CommandOutcome.Refused(T(user, "请填写现场负责人。", "Name the leader on site."));
        }

        var update = await release.ExecuteAsync(new OfferId(assignmentId), user.Actor, leader.Trim(), cancellationToken).ConfigureAwait(false);
        return Assignment(user, update, T(user, $"已释放，服务时长 {update.ServiceRecord?.Counted.TotalHours:0.##} 小时已记录。", $"Released; {update.ServiceRecord?.Counted.TotalHours:0.##} h recorded."), assignmentId);
    }

    public async Task<CommandOutcome> ReviewAsync(BoardUser user, long assignmentId, int rating, string? comment, CancellationToken cancellationToken = default)
    {
        if (Refuse(user) is { } refused)
        {
            return refused;
        }

        if (rating is < 1 or > 5 || (comment?.Length ?? 0) > 2_000)
        {
            return CommandOutcome.Refused(T(user, "评分为 1–5，评语不超过 2000 字。", "Rate 1 to 5; comments have at most 2,000 characters."));
        }

        var update = await review.ExecuteAsync(new OfferId(assignmentId), byCommander: true, null, rating, comment, user.Actor, cancellationToken).ConfigureAwait(false);
        return Assignment(user, update, T(user, "评单已记录，时长与积分已记入。", "Review recorded; hours and points credited."), assignmentId);
    }

    public async Task<CommandOutcome> EscalateAsync(BoardUser user, long requirementId, string reason, CancellationToken cancellationToken = default)
    {
        if ((Refuse(user) ?? RefuseReason(user, reason)) is { } refused)
        {
            return refused;
        }

        var result = await escalate.ExecuteAsync(new RequirementId(requirementId), user.Actor, reason.Trim(), cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            EscalationStatus.Escalated => CommandOutcome.Ok(
                T(user, "已升级：", "Escalated: ") + result.Decision?.Reason
                + (result.Team is { Nearest.Count: > 0 } team ? T(user, " 调用队伍：", " Teams called: ") + string.Join("、", team.Nearest.Select(t => t.Name)) : "")
                + T(user, $"（新发出 {result.Round.OffersSent.Count} 个邀请）", $" ({result.Round.OffersSent.Count} new offers)"), requirementId),
            EscalationStatus.Exhausted => CommandOutcome.Refused(T(user, "升级阶梯已用尽，缺口仍在：", "The ladder is exhausted; the shortfall stands: ") + result.Decision?.Reason),
            EscalationStatus.NotNeeded => CommandOutcome.Refused(T(user, "需求已满员或事件已结束。", "The requirement is filled or the incident has ended.")),
            EscalationStatus.NotFound => CommandOutcome.Refused(T(user, "需求不存在。", "No such requirement.")),
        };
    }

    public async Task<CommandOutcome> ChangeSeverityAsync(BoardUser user, long incidentId, Severity newSeverity, string reason, CancellationToken cancellationToken = default)
    {
        if ((Refuse(user) ?? RefuseReason(user, reason)) is { } refused)
        {
            return refused;
        }

        try
        {
            var result = await severity.ExecuteAsync(new IncidentId(incidentId), newSeverity, user.Actor, reason.Trim(), cancellationToken).ConfigureAwait(false);
            return Incident(user, result, T(user, $"等级已调整，需求已按新预案重排（新发出 {result.Round.OffersSent.Count} 个邀请）。", $"Severity changed; requirements re-planned ({result.Round.OffersSent.Count} new offers)."), incidentId);
        }
        catch (ArgumentException e)
        {
            return CommandOutcome.Refused(e.Message);
        }
    }

    public async Task<CommandOutcome> EndIncidentAsync(BoardUser user, long incidentId, bool cancel, string reason, CancellationToken cancellationToken = default)
    {
        if ((Refuse(user) ?? RefuseReason(user, reason)) is { } refused)
        {
            return refused;
        }

        var result = await end.ExecuteAsync(new IncidentId(incidentId), cancel, user.Actor, reason.Trim(), cancellationToken).ConfigureAwait(false);
        return Incident(user, result, cancel ? T(user, $"事件 #{incidentId} 已取消。", $"Incident #{incidentId} cancelled.") : T(user, $"事件 #{incidentId} 已结束。", $"Incident #{incidentId} closed."), incidentId);
    }

    public Task<CommandOutcome> RevealPhoneAsync(BoardUser user, int volunteerId, string reason, CancellationToken cancellationToken = default) =>
        Refuse(user) is { } refused ? Task.FromResult(refused) : privacy.RevealPhoneAsync(user, volunteerId, reason, cancellationToken);

    private static CommandOutcome Incident(BoardUser user, IncidentCommandResult result, string done, long id) => result.Status switch
    {
        IncidentCommandStatus.Done => CommandOutcome.Ok(done, id),
        IncidentCommandStatus.NotFound => CommandOutcome.Refused(T(user, "事件不存在。", "No such incident.")),
        IncidentCommandStatus.VolunteersCommitted => CommandOutcome.Refused(T(user, "仍有志愿者在岗，请先释放：", "Volunteers are still committed; release them first: ") + result.Reason),
        IncidentCommandStatus.NotApplicable => CommandOutcome.Refused(result.Reason),
    };

    private static CommandOutcome Assignment(BoardUser user, AssignmentUpdate update, string done, long id) => update.Status switch
    {
        AssignmentUpdateStatus.Done => CommandOutcome.Ok(done, id),
        AssignmentUpdateStatus.Repeated => CommandOutcome.Ok(update.Reason, id),
        AssignmentUpdateStatus.NotFound => CommandOutcome.Refused(T(user, "派单不存在。", "No such assignment.")),
        AssignmentUpdateStatus.NotYours or AssignmentUpdateStatus.IllegalTransition => CommandOutcome.Refused(update.Reason),
    };

    private static CommandOutcome? Refuse(BoardUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsCommander ? null : CommandOutcome.Refused(T(user, "只有指挥员可以下达指令（训练员只读）。", "Only commanders command (trainers watch)."));
    }

    private static CommandOutcome? RefuseReason(BoardUser user, string? reason) =>
        Blank(reason, MaxReason) ? CommandOutcome.Refused(T(user, "请填写理由（不超过 500 字）。", "State a reason (500 characters at most).")) : null;

    private static bool Blank(string? text, int max) => string.IsNullOrWhiteSpace(text) || text.Trim().Length > max;

    private static string T(BoardUser user, string zh, string en) => user.English ? en : zh;
}
