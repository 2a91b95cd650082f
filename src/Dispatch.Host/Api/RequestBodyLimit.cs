using Microsoft.AspNetCore.Http.Features;

namespace Dispatch.Host.Api;

/// <summary>
/// Enforces <see cref="ApiLimits.MaxRequestBodyBytes"/> with a 413 problem on every server. A declared length over
/// the limit is refused before anything reads it. A body of unknown length (chunked) is read into a buffer here, up
/// to the limit, so the refusal is the same 413 whether Kestrel or the test server carries it — endpoints then read
/// the buffered copy.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next)
{
    private const int ChunkSize = 16 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > ApiLimits.MaxRequestBodyBytes)
        {
            await TooLarge(context).ConfigureAwait(false);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = ApiLimits.MaxRequestBodyBytes;
        }

        if (request.ContentLength is null && IsChunked(request) && !await BufferWithinLimitAsync(context).ConfigureAwait(false))
        {
            await TooLarge(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static bool IsChunked(HttpRequest request) =>
        request.Headers.TransferEncoding.Any(v => v?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true);

    private static async Task<bool> BufferWithinLimitAsync(HttpContext context)
    {
        var request = context.Request;
        request.EnableBuffering();
        var chunk = new byte[ChunkSize];
        long total = 0;
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                total += n;
                if (total > ApiLimits.MaxRequestBodyBytes)
                {
                    return false;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }

        request.Body.Position = 0;
        return true;
    }

    private static Task TooLarge(HttpContext context) =>
        Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large.",
            detail: $"The limit is {ApiLimits.MaxRequestBodyBytes} bytes.").ExecuteAsync(context);
}
