namespace Dispatch.Host.PrePlans;

/// <summary>A pre-plan file that cannot be loaded; the message names the file, line, column, plan and field.</summary>
public sealed class PrePlanFormatException : FormatException
{
    public PrePlanFormatException()
    {
    }

    public PrePlanFormatException(string message)
        : base(message)
    {
    }

    public PrePlanFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal PrePlanFormatException(string message, long line, long column, Exception? innerException = null)
        : base(message, innerException)
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line of the offending node, 0 when unknown.</summary>
    public long Line { get; }

    /// <summary>1-based column of the offending node, 0 when unknown.</summary>
    public long Column { get; }
}
