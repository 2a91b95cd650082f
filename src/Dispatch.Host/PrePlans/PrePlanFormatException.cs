namespace Dispatch.Host.PrePlans;

/// <summary>A pre-plan file that cannot be loaded; the message names the file, line, column, plan and field.</summary>
public sealed class PrePlanFormatException : DataFileFormatException
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
        : base(message, line, column, innerException)
    {
    }
}
