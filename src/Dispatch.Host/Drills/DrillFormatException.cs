using Dispatch.Host.PrePlans;

namespace Dispatch.Host.Drills;

/// <summary>A drill scenario file that cannot be loaded; the message names the file, line, column and field.</summary>
public sealed class DrillFormatException : DataFileFormatException
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
        : base(message, line, column, innerException)
    {
    }
}
