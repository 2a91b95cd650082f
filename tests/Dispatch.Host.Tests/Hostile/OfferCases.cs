using System.Globalization;

namespace Dispatch.Host.Tests.Hostile;

/// <summary>
/// Hostile <c>/api/offers/{id}/…</c> requests: unknown and malformed ids, other volunteers' offers, answers the offer's
/// state forbids, staff on volunteer actions, and broken decline/withdraw bodies on offers that are still pending.
/// </summary>
internal static class OfferCases
{
    public static readonly string[] Answers = ["ack", "accept", "decline"];

    /// <summary>Route ids that name no offer (numbers) or fail the <c>long</c> constraint (the rest); all → 404.</summary>
    public static readonly string[] UnknownIds =
    [
        "987654321", "0", "-1", "-9223372036854775808", "9223372036854775807", "99999999999999999999", "abc", "1.5", "1e3", "0x10", "%20x",
        "1%00", "%2e%2e", "%7Bid%7D", "١٢", new string('9', 2_000), "-0", "+1x",
    ];

    public static IEnumerable<HostileRequest> All(HostileWorld world, Random random)
    {
        var pending = world.First["pending"];
        string Junk() => InvalidBody(random);

        // Unknown ids, as the owner of a pending offer and as the commander.
        foreach (string id in UnknownIds.Concat(Enumerable.Range(0, 20).Select(_ => random.NextInt64(1_000_000, long.MaxValue).ToString(CultureInfo.InvariantCulture))))
        {
            foreach (string action in Answers)
            {
                yield return HostileRequest.Of($"{action} unknown offer {IncidentCases.Short(id)}", HttpMethod.Post, $"/api/offers/{id}/{action}", pending.Owner,
                    action == "decline" ? "{\"reason\":\"x\"}" : null, NotFound(id));
            }

            yield return HostileRequest.Of($"withdraw unknown offer {IncidentCases.Short(id)}", HttpMethod.Post, $"/api/offers/{id}/withdraw", "commander", "{\"reason\":\"x\"}", NotFound(id));
        }

        // Someone else's offer, in every state, with or without a body.
        foreach (var offer in world.AllOffers)
        {
            foreach (string intruder in new[] { RealtimeUser(HostileWorld.Bystander), pending.Owner }.Where(u => u != offer.Owner))
            {
                foreach (string action in Answers)
                {
                    yield return HostileRequest.Of($"{action} {offer.State} offer of v{offer.Volunteer} by {intruder}", HttpMethod.Post, $"/api/offers/{offer.Id}/{action}", intruder,
                        random.Next(2) == 0 ? null : "{\"reason\":\"mine now\"}", 403);
                }
            }
        }

        // Answers the state forbids; the accept and ack endpoints take no body, so junk there must change nothing either.
        var illegal = new (string Ending, string Action, string Caller)[]
        {
            ("accepted", "decline", world.First["accepted"].Owner), ("declined", "accept", world.First["declined"].Owner),
            ("withdrawn", "accept", world.First["withdrawn"].Owner), ("withdrawn", "decline", world.First["withdrawn"].Owner),
            ("expired", "accept", world.First["expired"].Owner), ("expired", "decline", world.First["expired"].Owner),
            ("accepted", "withdraw", "commander"), ("declined", "withdraw", "commander"), ("expired", "withdraw", "commander"),
        };
        foreach (var (ending, action, caller) in illegal)
        {
            for (int i = 0; i < 6; i++)
            {
                string? body = action is "decline" or "withdraw" ? $"{{\"reason\":\"try {i}\"}}" : (i % 2 == 0 ? null : Junk());
                yield return HostileRequest.Of($"{action} {ending} offer #{i}", HttpMethod.Post, $"/api/offers/{world.First[ending].Id}/{action}", caller, body, 409);
            }
        }

        // Staff on volunteer actions, volunteers on the commander's action, forged credentials on all four.
        foreach (var offer in world.Pending)
        {
            foreach (string staff in new[] { "commander", "trainer", "admin" })
            {
                foreach (string action in Answers)
                {
                    yield return HostileRequest.Of($"{action} as {staff}", HttpMethod.Post, $"/api/offers/{offer.Id}/{action}", staff, null, 403);
                }
            }

            foreach (string caller in new[] { offer.Owner, "trainer", "admin" })
            {
                yield return HostileRequest.Of($"withdraw as {caller}", HttpMethod.Post, $"/api/offers/{offer.Id}/withdraw", caller, "{\"reason\":\"x\"}", 403);
            }

            foreach (string caller in Callers.Forged)
            {
                foreach (string action in Answers.Append("withdraw"))
                {
                    yield return HostileRequest.Of($"{action} as {caller}", HttpMethod.Post, $"/api/offers/{offer.Id}/{action}", caller, "{\"reason\":\"x\"}", 401);
                }
            }
        }

        // Broken bodies on the offer that is still pending: the owner's decline and the commander's withdrawal.
        string path = $"/api/offers/{pending.Id}";
        foreach (string body in HostileBodies.Malformed.Concat(HostileBodies.WrongShape).Concat(ReasonOfWrongType))
        {
            yield return HostileRequest.Of($"decline body {IncidentCases.Short(body)}", HttpMethod.Post, $"{path}/decline", pending.Owner, body, 400);
            yield return HostileRequest.Of($"withdraw body {IncidentCases.Short(body)}", HttpMethod.Post, $"{path}/withdraw", "commander", body, 400);
        }

        foreach (var bytes in HostileBodies.InvalidUtf8())
        {
            yield return HostileRequest.Raw("decline invalid UTF-8", HttpMethod.Post, $"{path}/decline", pending.Owner, bytes, 400);
            yield return HostileRequest.Raw("withdraw invalid UTF-8", HttpMethod.Post, $"{path}/withdraw", "commander", bytes, 400);
        }

        foreach (int length in new[] { 501, 2_000, 100_000 })
        {
            string reason = $"{{\"reason\":\"{new string('r', length)}\"}}";
            yield return HostileRequest.Of($"decline reason of {length}", HttpMethod.Post, $"{path}/decline", pending.Owner, reason, 400);
            yield return HostileRequest.Of($"withdraw reason of {length}", HttpMethod.Post, $"{path}/withdraw", "commander", reason, 400);
        }

        foreach (string body in new[] { "", "null", "{}", "{\"reason\":null}", "{\"reason\":\"\"}", "{\"reason\":\" \\t\\n \"}", "{\"Reason\":\"   \"}" })
        {
            yield return HostileRequest.Of($"withdraw blank {body}", HttpMethod.Post, $"{path}/withdraw", "commander", body, 400);
        }

        yield return HostileRequest.Of("withdraw without body", HttpMethod.Post, $"{path}/withdraw", "commander", null, null);
        yield return HostileRequest.Of("decline 1 MiB", HttpMethod.Post, $"{path}/decline", pending.Owner, HostileBodies.OverLimitObject("reason"), 413);
        yield return HostileRequest.Of("withdraw 1 MiB", HttpMethod.Post, $"{path}/withdraw", "commander", HostileBodies.OverLimitObject("reason"), 413);
        foreach (string type in HostileBodies.WrongContentTypes)
        {
            yield return HostileRequest.Of($"decline as {type}", HttpMethod.Post, $"{path}/decline", pending.Owner, "{\"reason\":\"x\"}", 415, type);
            yield return HostileRequest.Of($"withdraw as {type}", HttpMethod.Post, $"{path}/withdraw", "commander", "{\"reason\":\"x\"}", 415, type);
        }

        foreach (string type in HostileBodies.UnknownCharsets)
        {
            yield return HostileRequest.Of($"decline as {type}", HttpMethod.Post, $"{path}/decline", pending.Owner, "{\"reason\":\"x\"}", 415, type);
            yield return HostileRequest.Of($"withdraw as {type}", HttpMethod.Post, $"{path}/withdraw", "commander", "{\"reason\":\"x\"}", 415, type);
        }
    }

    /// <summary>404, except that the server itself refuses a NUL in the path (400) before routing.</summary>
    public static int? NotFound(string id) => id.Contains("%00", StringComparison.Ordinal) ? null : 404;

    private static readonly string[] ReasonOfWrongType =
        ["{\"reason\":5}", "{\"reason\":true}", "{\"reason\":[]}", "{\"reason\":{}}", "{\"reason\":1e400}", "{\"reason\":[\"a\",\"b\"]}", "{\"reason\":\"x\",\"reason\":7}"];

    private static string InvalidBody(Random random) => IncidentCases.Pick(random, [.. HostileBodies.Malformed.Take(30), .. HostileBodies.WrongShape]);

    private static string RealtimeUser(int volunteer) => Realtime.RealtimeAppFactory.UserOf(volunteer);
}
