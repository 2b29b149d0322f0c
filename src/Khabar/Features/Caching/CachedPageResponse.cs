using System.Collections.Concurrent;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Khabar.Features.Caching;

/// <summary>
/// HTTP for a cached page: the encoding the client accepts (Accept-Encoding, with qualities), a 304 when it already
/// holds the bytes (If-None-Match), the cache's own headers, and the write. Headers are read with the framework's
/// parsers (<see cref="StringWithQualityHeaderValue"/>, <see cref="EntityTagHeaderValue"/>).
/// </summary>
public static class CachedPageResponse
{
    private enum Coding
    {
        Identity,
        Brotli,
        Gzip,
    }

    // Browsers send a handful of Accept-Encoding strings, the same on every request: each is parsed once. Bounded,
    // so a client that sends a new one each time only costs itself a parse.
    private const int RememberedCodings = 256;
    private static readonly ConcurrentDictionary<string, Coding> Chosen = new(StringComparer.Ordinal);

    public static Task WriteAsync(HttpContext context, CachedPage page)
    {
        var request = context.Request;
        var response = context.Response;
        var (body, etag, encoding) = Choose(request.Headers.AcceptEncoding) switch
        {
            Coding.Brotli => (page.Brotli, page.ETagBrotli, "br"),
            Coding.Gzip => (page.Gzip, page.ETagGzip, "gzip"),
            _ => (page.Identity, page.ETag, (string?)null),
        };

        response.StatusCode = StatusCodes.Status200OK;
        var headers = response.Headers;
        foreach (var header in page.Headers)
        {
            headers[header.Key] = header.Value;
        }

        headers.ETag = etag;
        headers.LastModified = page.LastModified;
        headers.Vary = "Accept-Encoding";
        headers.CacheControl = "public, no-cache";
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        if (HoldsAlready(request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            headers.ContentType = default;
            headers.ContentEncoding = default;
            return Task.CompletedTask;
        }

        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(request.Method))
        {
            return Task.CompletedTask;
        }

        // No cancellation token: Kestrel ends the write itself when the connection goes, and asking for
        // RequestAborted costs every hit a token registration. A write the socket takes at once allocates nothing.
        var write = response.BodyWriter.WriteAsync(body);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    /// <summary>Brotli when accepted at least as much as gzip, else gzip, else the identity bytes; q=0 refuses, <c>*</c> stands for codings not named.</summary>
    private static Coding Choose(StringValues acceptEncoding)
    {
        if (StringValues.IsNullOrEmpty(acceptEncoding))
        {
            return Coding.Identity;
        }

        var text = acceptEncoding.Count == 1 ? acceptEncoding[0]! : acceptEncoding.ToString();
        if (Chosen.TryGetValue(text, out var coding))
        {
            return coding;
        }

        coding = Parse(acceptEncoding);
        if (Chosen.Count < RememberedCodings)
        {
            Chosen.TryAdd(text, coding);
        }

        return coding;
    }

    private static Coding Parse(StringValues acceptEncoding)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var offered))
        {
            return Coding.Identity;
        }

        var brotli = QualityOf(offered, "br");
        var gzip = QualityOf(offered, "gzip");
        return brotli > 0 && brotli >= gzip ? Coding.Brotli : gzip > 0 ? Coding.Gzip : Coding.Identity;
    }

    private static double QualityOf(IList<StringWithQualityHeaderValue> offered, string coding)
    {
        double? any = null;
        foreach (var value in offered)
        {
            if (value.Value.Equals(coding, StringComparison.OrdinalIgnoreCase))
            {
                return value.Quality ?? 1;
            }

            if (value.Value.Equals("*", StringComparison.Ordinal))
            {
                any = value.Quality ?? 1;
            }
        }

        return any ?? 0;
    }

    /// <summary>Whether If-None-Match names these bytes (weak comparison, as RFC 9110 has it for this header) or is <c>*</c>.</summary>
    private static bool HoldsAlready(StringValues ifNoneMatch, string etag)
    {
        if (StringValues.IsNullOrEmpty(ifNoneMatch) || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var held))
        {
            return false;
        }

        foreach (var tag in held)
        {
            if (tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Equals(etag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
