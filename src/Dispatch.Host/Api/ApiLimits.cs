namespace Dispatch.Host.Api;

/// <summary>Limits every endpoint shares.</summary>
public static class ApiLimits
{
    /// <summary>Largest request body: 1 MiB. Larger requests get 413 problem details.</summary>
    public const long MaxRequestBodyBytes = 1L << 20;

    /// <summary>Longest user name, password or other short name field.</summary>
    public const int MaxNameLength = 256;
}
