namespace Dispatch.Host.Drills;

/// <summary>A drill scenario file that cannot be loaded; the message names the file, line, column and field.</summary>
public sealed class DrillFormatException : FormatException
{
    public DrillFormatException()
    {
    }

    public DrillFormatException(string message)
        : base(message)
    {
    }

    public DrillFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal DrillFormatException(string message, long line, long column, Exception? innerException = null)
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
