namespace Dispatch.Host.Api;

/// <summary>
/// Turns the Engine's argument checks (<see cref="ArgumentException"/> and its subclasses, thrown for out-of-range
/// coordinates, unknown skills, bad levels…) into 400 problem details carrying the Engine's message.
/// </summary>
/// <remarks>
/// Applied per endpoint group (see <see cref="EndpointGroups.MapApiGroup"/>) rather than globally, so an argument
/// exception from a bug outside an endpoint's own input handling still surfaces as a 500 in the logs.
/// </remarks>
public static class EngineValidation
{
    public static TBuilder WithEngineValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                return Invalid(e);
            }
        });

    /// <summary>Runs an Engine call and returns its value, or the 400 problem for an argument exception.</summary>
    public static bool TryRun<T>(Func<T> engineCall, out T? value, out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(engineCall);
        try
        {
            value = engineCall();
            problem = null;
            return true;
        }
        catch (ArgumentException e)
        {
            value = default;
            problem = Invalid(e);
            return false;
        }
    }

    public static IResult Invalid(ArgumentException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var errors = new Dictionary<string, string[]> { [e.ParamName ?? "request"] = [MessageOf(e)] };
        return TypedResults.ValidationProblem(errors, title: "Invalid request.");
    }

    /// <summary>The message without the framework's "(Parameter 'x')" and "Actual value was" suffixes.</summary>
    private static string MessageOf(ArgumentException e)
    {
        string message = e.Message;
        int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(Environment.NewLine, StringComparison.Ordinal);
        }

        return cut < 0 ? message : message[..cut];
    }
}
