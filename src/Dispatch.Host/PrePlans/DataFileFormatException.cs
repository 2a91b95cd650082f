namespace Dispatch.Host.PrePlans;

/// <summary>
/// A YAML data file (pre-plans, drill scenarios) that cannot be loaded; the message names the file, line, column and
/// field. Each kind of file has its own subclass so callers can tell them apart.
/// </summary>
public abstract class DataFileFormatException : FormatException
{
    protected DataFileFormatException()
    {
    }

    protected DataFileFormatException(string message)
        : base(message)
    {
    }

    protected DataFileFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    protected DataFileFormatException(string message, long line, long column, Exception? innerException)
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
