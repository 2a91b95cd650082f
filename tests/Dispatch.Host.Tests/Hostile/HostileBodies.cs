using System.Text;

namespace Dispatch.Host.Tests.Hostile;

/// <summary>Request bodies that no endpoint may accept: broken JSON, wrong shapes, oversized payloads.</summary>
public static class HostileBodies
{
    public const int DeepNesting = 10_000;

    /// <summary>One byte over the 1 MiB request limit (→ 413).</summary>
    public static readonly int OverLimit = (1 << 20) + 1;

    /// <summary>Text that is not one well-formed JSON value. None is empty, so an optional body cannot read it as absent.</summary>
    public static IReadOnlyList<string> Malformed { get; } =
    [
        "{", "}", "[", "]", "{]", "[}", "{\"reason\":", "{\"reason\" \"x\"}", "{'reason':'x'}", "{reason:x}", "{\"reason\":\"x\",}",
        "nul", "tru", "\"unterminated", "{\"a\":1}}", "{}{}", "[]]", "/* comment */ {}", "// comment\n{}", "\uFEFF\uFEFF{}", "{\"reason\":\"\\u00\"}",
        "{\"reason\":\"\\x41\"}", "\0", "<xml/>", "reason=x&type=flood", "123abc", "0x10", "--1", "{\"latitude\":NaN}", "{\"latitude\":Infinity}",
        "{\"a\":\"b\" \"c\":1}", "{,}", "{\"a\"}", "{:1}", "\u007f", new string('[', DeepNesting), Nested('[', ']', DeepNesting),
        Nested("{\"a\":", "}", DeepNesting), "[" + string.Join(",", Enumerable.Repeat("[]", 2_000)) + ",]",
    ];

    /// <summary>Well-formed JSON of the wrong shape for an object body.</summary>
    public static IReadOnlyList<string> WrongShape { get; } = ["[]", "[{}]", "5", "-1.5e300", "\"text\"", "true", "false"];

    /// <summary>Bytes that are not valid UTF-8 inside an otherwise plausible object.</summary>
    public static IEnumerable<byte[]> InvalidUtf8()
    {
        byte[][] junk = [[0xC3, 0x28], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80]];
        foreach (var bytes in junk)
        {
            yield return [.. "{\"reason\":\""u8.ToArray(), .. bytes, .. "\",\"type\":\""u8.ToArray(), .. bytes, .. "\"}"u8.ToArray()];
        }

        yield return [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("{\"reason\":\"x\"}")]; // UTF-16 with its BOM, sent as UTF-8
    }

    /// <summary>A JSON object whose single string member is too big for the whole request (→ 413).</summary>
    public static string OverLimitObject(string member) => $"{{\"{member}\":\"{new string('x', OverLimit)}\"}}";

    /// <summary>Content types a JSON endpoint must refuse (→ 415).</summary>
    public static IReadOnlyList<string> WrongContentTypes { get; } =
        ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", "image/png"];

    /// <summary>JSON in a character set .NET cannot decode (→ 415; this was a 500 before the charset check).</summary>
    public static IReadOnlyList<string> UnknownCharsets { get; } =
        ["application/json; charset=klingon", "application/json; charset=\"\"", "application/json; charset=utf-9", $"application/json; charset={new string('x', 300)}"];

    public static string Nested(string open, string close, int depth) =>
        string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));

    private static string Nested(char open, char close, int depth) => new string(open, depth) + new string(close, depth);
}
