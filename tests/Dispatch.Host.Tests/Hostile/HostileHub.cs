using Dispatch.Host.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dispatch.Host.Tests.Hostile;

/// <summary>
/// Invokes hub methods with hostile arguments over real connections and checks each outcome: a <see cref="HubException"/>
/// with a plain message (never the "unexpected error" of an unhandled exception), or — for an answer the offer's state
/// forbids — an answer that was not applied.
/// </summary>
internal sealed class HostileHub
{
    public SortedDictionary<string, int> Histogram { get; } = new(StringComparer.Ordinal);

    public List<string> Failures { get; } = [];

    public int Calls { get; private set; }

    /// <summary>An invocation that must fail with a hub error.</summary>
    public async Task ErrorAsync(string label, HubConnection connection, string method, params object?[] args)
    {
        Calls++;
        try
        {
            var result = await connection.InvokeCoreAsync(method, typeof(object), args);
            Fail(label, $"succeeded with {result}");
        }
        catch (HubException e)
        {
            Count("HubException");
            CheckMessage(label, e.Message);
        }
        catch (Exception e) when (e is not HubException)
        {
            Fail(label, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>An answer the offer's state forbids: refused (not applied, not a repeat) and the offer stays <paramref name="state"/>.</summary>
    public async Task RefusedAsync(string label, HubConnection connection, string method, string state, params object?[] args)
    {
        Calls++;
        try
        {
            var answer = (OfferAnswerDto)(await connection.InvokeCoreAsync(method, typeof(OfferAnswerDto), args))!;
            Count($"refused ({answer.Outcome})");
            if (answer.Outcome == "applied" || answer.Repeated || answer.State != state)
            {
                Fail(label, $"answered {answer}");
            }
        }
        catch (HubException e)
        {
            Count("HubException");
            CheckMessage(label, e.Message);
        }
    }

    /// <summary>A streaming invocation of a method that does not stream.</summary>
    public async Task StreamAsync(string label, HubConnection connection, string method, params object?[] args)
    {
        Calls++;
        try
        {
            var reader = await connection.StreamAsChannelCoreAsync(method, typeof(object), args);
            await foreach (object? item in reader.ReadAllAsync())
            {
                Fail(label, $"streamed {item}");
            }

            Fail(label, "the stream completed without an error");
        }
        catch (HubException e)
        {
            Count("HubException");
            CheckMessage(label, e.Message);
        }
    }

    /// <summary>A fire-and-forget message: no answer comes back; the connection must survive it.</summary>
    public async Task SendAsync(HubConnection connection, string method, params object?[] args)
    {
        Calls++;
        await connection.SendCoreAsync(method, args);
        Count("sent (no answer)");
    }

    /// <summary>A message over the protocol's size limit: the server closes that connection (and only that one).</summary>
    public async Task OversizedAsync(string label, HubConnection connection, string method, params object?[] args)
    {
        Calls++;
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var invocation = connection.InvokeCoreAsync(method, typeof(object), args);
        var ex = await Record.ExceptionAsync(() => invocation);
        if (ex is null)
        {
            Fail(label, "an oversized message was answered");
            return;
        }

        await closed.Task.WaitAsync(Realtime.Inbox<object>.Timeout);
        Count("connection closed (message too large)");
    }

    private void CheckMessage(string label, string message)
    {
        // SignalR prefixes the message of a HubException the hub threw on purpose with "An unexpected error occurred
        // invoking 'X' on the server. HubException: "; without that suffix the prefix means an unhandled exception.
        const string OnPurpose = " HubException: ";
        string rest = message.Replace(OnPurpose, " ", StringComparison.Ordinal);
        bool unhandled = message.Contains("unexpected error", StringComparison.OrdinalIgnoreCase) && !message.Contains(OnPurpose, StringComparison.Ordinal);
        if (unhandled || rest.Contains("   at ", StringComparison.Ordinal) || rest.Contains("Exception", StringComparison.Ordinal))
        {
            Fail(label, $"hub error reveals a server fault: {message}");
        }
    }

    private void Fail(string label, string what) => Failures.Add($"{label}: {what}");

    private void Count(string key) => Histogram[key] = Histogram.GetValueOrDefault(key) + 1;
}
