namespace Dispatch.Host.Pool;

/// <summary>How bad an import finding is: an error blocks the whole import, a warning is only reported.</summary>
internal enum PoolImportSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One finding of <c>pool import</c>, tied to a line of the CSV (1 is the header; 0 for the file as a whole) and a column.
/// <see cref="Value"/> is safe to print: phone numbers are masked and names are never echoed.
/// </summary>
internal sealed record PoolImportIssue(PoolImportSeverity Severity, long Line, string Column, string Value, string Message);
