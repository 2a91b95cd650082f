using System.Text;

namespace Dispatch.Host.Tests.Hostile;

/// <summary>
/// One malformed or unauthorised HTTP request. <see cref="Caller"/> names a user of the host (its bearer token is sent),
/// <see cref="Callers.Anonymous"/>, or one of the forged credentials in <see cref="Callers"/>. <see cref="Expected"/> is
/// the exact status when the contract names one; null means "some 4xx".
/// </summary>
public sealed record HostileRequest(string Label, HttpMethod Method, string Path, string Caller, byte[]? Body, string? ContentType, int? Expected)
{
    /// <summary>
    /// A read by a legal caller of an endpoint found in the routing table: an unknown id may legitimately read as an
    /// empty list (audit queries), so a 2xx is accepted — but never a 5xx. Reads change nothing, which the fingerprint checks.
    /// </summary>
    public bool ReadMaySucceed { get; init; }

    public const string Json = "application/json";

    public static HostileRequest Of(string label, HttpMethod method, string path, string caller, string? body = null, int? expected = null, string? contentType = Json) =>
        new(label, method, path, caller, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : contentType, expected);

    public static HostileRequest Raw(string label, HttpMethod method, string path, string caller, byte[] body, int? expected, string? contentType = Json) =>
        new(label, method, path, caller, body, contentType, expected);

    public override string ToString() =>
        $"{Label}: {Method} {(Path.Length > 120 ? Path[..120] + "…" : Path)} as {Caller} ({Body?.Length ?? 0} bytes, {ContentType ?? "no content type"})";
}

/// <summary>Forged or missing credentials.</summary>
public static class Callers
{
    public const string Anonymous = "~anonymous";
    public const string Garbage = "~garbage-token";
    public const string EmptyBearer = "~empty-bearer";
    public const string ExpiredJwt = "~expired-looking-jwt";
    public const string Tampered = "~tampered-commander-token";
    public const string Truncated = "~truncated-commander-token";
    public const string Basic = "~basic-auth";
    public const string GarbageCookie = "~garbage-cookie";
    public const string QueryToken = "~token-in-query-string";
    public const string HugeHeader = "~huge-authorization-header";

    public static readonly string[] Forged = [Anonymous, Garbage, EmptyBearer, ExpiredJwt, Tampered, Truncated, Basic, GarbageCookie, QueryToken];
}
