using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Dispatch.Benchmarks.Lifecycle;

/// <summary>
/// The driver's own first-use costs, paid before anything is measured: the first message of each kind a hub client
/// parses builds its serializer metadata (and compiles that code), which on this two-core machine otherwise lands on
/// the first incident's offers as tens of milliseconds of "latency" that is the driver's, not the host's. Parses one
/// sample of every message the driver's clients receive with the protocol they use (JSON; the serializer's metadata
/// cache is shared by every options instance with the same settings, so every client's protocol finds it built).
/// </summary>
internal static class DriverWarmup
{
    private static readonly (string Target, Type Type, string Json)[] Samples =
    [
        ("OfferPending", typeof(OfferMessage),
            """{"offerId":1,"incidentId":1,"skill":"medical","minLevel":1,"sentAt":"2026-01-01T00:00:00+00:00","expiresAt":"2026-01-01T00:01:00+00:00"}"""),
        ("OfferClosed", typeof(OfferClosedMessage), """{"offerId":1,"state":"accepted","reason":""}"""),
        ("BoardEvent", typeof(BoardEventMessage),
            """{"eventId":1,"kind":"offer.created","at":"2026-01-01T00:00:00+00:00","incidentId":1,"offerId":1,"volunteerId":1,"reason":""}"""),
    ];

    private static readonly (Type Type, string Json)[] Results =
    [
        (typeof(OfferAckMessage), """{"offerId":1,"ackedAt":"2026-01-01T00:00:00+00:00"}"""),
        (typeof(OfferAnswerMessage), """{"offerId":1,"outcome":"applied","state":"accepted","repeated":false,"reason":""}"""),
    ];

    /// <summary>Parses every sample a few times; returns how many messages parsed (all of them, or the run would fail later).</summary>
    public static int Run()
    {
        var protocol = new JsonHubProtocol();
        int parsed = 0;
        for (int i = 0; i < 3; i++)
        {
            foreach (var (target, type, json) in Samples)
            {
                parsed += Parse(protocol, new Binder(target, type, null), $$"""{"type":1,"target":"{{target}}","arguments":[{{json}}]}""");
            }

            foreach (var (type, json) in Results)
            {
                parsed += Parse(protocol, new Binder("", typeof(object), type), $$"""{"type":3,"invocationId":"1","result":{{json}}}""");
            }
        }

        return parsed;
    }

    private static int Parse(JsonHubProtocol protocol, IInvocationBinder binder, string json)
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json + "\u001e"));
        return protocol.TryParseMessage(ref input, binder, out var message) && message is InvocationMessage or CompletionMessage { HasResult: true } ? 1 : 0;
    }

    private sealed class Binder(string target, Type argument, Type? result) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => methodName == target ? [argument] : [];

        public Type GetReturnType(string invocationId) => result ?? typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
