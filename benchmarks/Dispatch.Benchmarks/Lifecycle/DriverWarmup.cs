using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Benchmarks.Lifecycle;

/// <summary>
/// The driver's own first-use costs, paid before anything is measured: the first message of each kind a hub client
/// parses builds its serializer metadata (and compiles that code), which on this two-core machine otherwise lands on
/// the first incident's offers as tens of milliseconds of "latency" that is the driver's, not the host's. Parses one
/// sample of every message the driver's clients receive with the protocol they use (JSON; the serializer's metadata
/// cache is shared by every options instance with the same settings, so every client's protocol finds it built). Then
/// runs the clients' own receive and answer path — a hub connection over in-memory pipes, with the same handlers' types,
/// receiving each message and invoking each hub method the clients invoke — so the first offers do not wait for the
/// driver compiling its connection's dispatch code.
/// </summary>
internal static partial class DriverWarmup
{
    private const char RecordSeparator = '\u001e';

    /// <summary>The longest the in-memory connection's warm-up may take (a bound for a broken one, not a target).</summary>
    private static readonly TimeSpan ConnectionLimit = TimeSpan.FromSeconds(20);

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

    /// <summary>
    /// Receives every sample message on an in-memory hub connection, handled as the clients handle them but recorded in
    /// <paramref name="scratch"/> (a recorder thrown away after), and invokes the hub methods the clients invoke
    /// (answered from the samples); returns how many messages were handled.
    /// </summary>
    public static async Task<int> RunConnectionAsync(LifecycleRecorder scratch, int rounds, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ConnectionLimit);
        try
        {
            return await RunConnectionCoreAsync(scratch, rounds, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The driver's in-memory hub connection did not finish its warm-up within {ConnectionLimit.TotalSeconds} s.");
        }
    }

    private static async Task<int> RunConnectionCoreAsync(LifecycleRecorder scratch, int rounds, CancellationToken cancellationToken)
    {
        var toClient = new Pipe();
        var toServer = new Pipe();
        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IConnectionFactory>(new InMemoryConnectionFactory(new DuplexPipe(toClient.Reader, toServer.Writer)));
        builder.Services.AddSingleton<EndPoint>(new DnsEndPoint("driver-warmup", 0));
        var connection = builder.Build();
        int handled = 0;
        var received = Channel.CreateUnbounded<bool>();
        // Statement lambdas, as the clients' handlers are: a handler that returns a value would be a client-result handler.
        connection.On<OfferMessage>("OfferPending", m =>
        {
            scratch.Delivered(m, 1, LifecycleRecorder.Now());
            received.Writer.TryWrite(Handled());
        });
        connection.On<OfferClosedMessage>("OfferClosed", m =>
        {
            scratch.Closed(m, LifecycleRecorder.Now());
            received.Writer.TryWrite(Handled());
        });
        connection.On<BoardEventMessage>("BoardEvent", m =>
        {
            scratch.Board(m, LifecycleRecorder.Now());
            received.Writer.TryWrite(Handled());
        });
        await using (connection.ConfigureAwait(false))
        {
            // The handshake's answer is waiting before the client asks; the server side answers each invocation.
            await WriteAsync(toClient.Writer, "{}", cancellationToken);
            var server = AnswerAsync(toServer.Reader, toClient.Writer, cancellationToken);
            await connection.StartAsync(cancellationToken);
            for (int round = 0; round < rounds; round++)
            {
                foreach (var (target, _, json) in Samples)
                {
                    await WriteAsync(toClient.Writer, $$"""{"type":1,"target":"{{target}}","arguments":[{{json}}]}""", cancellationToken);
                    await received.Reader.ReadAsync(cancellationToken);
                }

                _ = await connection.InvokeAsync<OfferAckMessage>("AckOffer", 1L, cancellationToken);
                _ = await connection.InvokeAsync<OfferAnswerMessage>("AcceptOffer", 1L, cancellationToken);
                _ = await connection.InvokeAsync<OfferAnswerMessage>("DeclineOffer", 1L, "warm-up", cancellationToken);
            }

            // The in-memory transport's ends are ours to close: the client's side, then the fake server's input.
            await connection.StopAsync(cancellationToken);
            await toClient.Writer.CompleteAsync();
            await toServer.Writer.CompleteAsync();
            await server;
        }

        return handled;

        bool Handled() => Interlocked.Increment(ref handled) > 0;
    }

    /// <summary>The fake server: answers every invocation from the client with the sample result of its method.</summary>
    private static async Task AnswerAsync(PipeReader fromClient, PipeWriter toClient, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await fromClient.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (buffer.PositionOf((byte)RecordSeparator) is { } end)
            {
                string message = Encoding.UTF8.GetString(buffer.Slice(0, end));
                buffer = buffer.Slice(buffer.GetPosition(1, end));
                if (InvocationPattern().Match(message) is { Success: true } m)
                {
                    string result = m.Groups["target"].Value == "AckOffer" ? Results[0].Json : Results[1].Json;
                    await WriteAsync(toClient, $$"""{"type":3,"invocationId":"{{m.Groups["id"].Value}}","result":{{result}}}""", cancellationToken);
                }
            }

            fromClient.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                await fromClient.CompleteAsync();
                return;
            }
        }
    }

    private static async Task WriteAsync(PipeWriter writer, string message, CancellationToken cancellationToken) =>
        await writer.WriteAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), cancellationToken);

    [GeneratedRegex("\"invocationId\":\"(?<id>[^\"]+)\",\"target\":\"(?<target>[^\"]+)\"")]
    private static partial Regex InvocationPattern();

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private sealed class InMemoryConnectionFactory(IDuplexPipe transport) : IConnectionFactory
    {
        public ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<ConnectionContext>(new DefaultConnectionContext(Guid.NewGuid().ToString("N"), transport, transport));
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
