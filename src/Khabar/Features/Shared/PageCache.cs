using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Khabar.Features.Shared;

/// <summary>Marks a page or endpoint whose anonymous GET responses the page cache keeps.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PublicCacheAttribute : Attribute;

/// <summary>
/// One cached response: the bytes in each encoding (compressed once, when stored), the headers the page
/// was rendered with, and the tags that evict it.
/// </summary>
public sealed class CachedPage
{
    public required byte[] Identity { get; init; }

    public required byte[] Brotli { get; init; }

    public required byte[] Gzip { get; init; }

    /// <summary>Response headers as rendered (content type, security headers), less the ones the cache sets.</summary>
    public required KeyValuePair<string, StringValues>[] Headers { get; init; }

    /// <summary>Strong validator of the identity bytes, quoted; the compressed variants append -br / -gz.</summary>
    public required string ETag { get; init; }

    public required string ETagBrotli { get; init; }

    public required string ETagGzip { get; init; }

    public required string LastModified { get; init; }

    /// <summary>Environment.TickCount64 after which the page is rendered again.</summary>
    public required long ExpiresAt { get; init; }

    public required string[] Tags { get; init; }

    public long Size => Identity.Length + Brotli.Length + Gzip.Length + 512;
}

/// <summary>
/// Khabar's page cache: rendered public pages kept in memory, keyed by path and query, tagged by what
/// they show (<see cref="CacheTags"/>) and evicted exactly by the writes that change them. A hit is
/// answered before any other middleware runs (no routing, no authentication, no rendering); the
/// stored bytes are compressed once with Brotli and gzip and carry an ETag for 304s. Requests with
/// a newsroom cookie or an Authorization header never read or fill it.
/// </summary>
public sealed class PageCache
{
    /// <summary>Every public page shows the latest news, so every page carries this tag too.</summary>
    public const string AllTag = "public";

    private readonly ConcurrentDictionary<string, CachedPage> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CachedPage>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byTag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<CachedPage?>> _rendering = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _evictSoon = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly long _maxBytes;
    private readonly long _lifetimeMs;
    private long _bytes;
    private long _generation;
    private long _renders;

    private readonly SiteLists _lists;
    private readonly ILogger<PageCache> _logger;

    public PageCache(IOptions<KhabarOptions> options, TimeProvider clock, SiteLists lists, ILogger<PageCache> logger, SharedPageStore? shared = null)
    {
        _lists = lists;
        _logger = logger;
        Shared = shared;
        shared?.Subscribe(EvictLocally);
        var settings = options.Value.OutputCache;
        _maxBytes = Math.Max(1, settings.MaxMegabytes) * 1024L * 1024L;
        _lifetimeMs = (long)TimeSpan.FromSeconds(Math.Max(1, settings.LifetimeSeconds)).TotalMilliseconds;
        _clock = clock;
        _lookup = _pages.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The Redis store shared by all nodes, when configured.</summary>
    public SharedPageStore? Shared { get; }

    internal long LifetimeMs => _lifetimeMs;

    /// <summary>Pages held now.</summary>
    public int Count => _pages.Count;

    /// <summary>Pages rendered to fill the cache since start (a stampede on one key counts once).</summary>
    public long Renders => Interlocked.Read(ref _renders);

    /// <summary>Removes every page carrying the tag, on every node; the next request renders it again.</summary>
    public async ValueTask EvictAsync(string tag, CancellationToken ct = default)
    {
        EvictLocally(tag);
        if (Shared is not null)
        {
            try
            {
                await Shared.EvictAsync(tag, ct);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                // The write is committed; other nodes drop their copy when it expires.
                _logger.LogWarning(e, "Could not evict {Tag} from the shared page store", tag);
            }
        }
    }

    private void EvictLocally(string tag)
    {
        Interlocked.Increment(ref _generation);
        if (tag == AllTag)
        {
            // Published content changed: the shared lists pages are built from go too (cache on or off).
            _lists.Invalidate();
        }
        else if (CacheTags.ArticleCode(tag) is { } code)
        {
            _lists.InvalidateArticle(code);
        }

        if (_byTag.TryRemove(tag, out var keys))
        {
            foreach (var key in keys.Keys)
            {
                Remove(key);
            }
        }
    }

    /// <summary>
    /// Evicts the tag within a second or two instead of now: for writes that only move a counter
    /// (a comment awaiting review), so a flood of them does not keep the page from being cached.
    /// </summary>
    public void EvictSoon(string tag) => _evictSoon.TryAdd(tag, 0);

    /// <summary>Carries out the evictions <see cref="EvictSoon"/> deferred; called every second.</summary>
    public async Task FlushDeferredAsync()
    {
        foreach (var tag in _evictSoon.Keys)
        {
            _evictSoon.TryRemove(tag, out _);
            await EvictAsync(tag);
        }
    }

    internal bool TryGet(ReadOnlySpan<char> key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CachedPage? page)
    {
        if (_lookup.TryGetValue(key, out page))
        {
            if (page.ExpiresAt > Environment.TickCount64)
            {
                return true;
            }

            _lookup.TryRemove(key, out _);
        }

        page = null;
        return false;
    }

    internal long Generation => Interlocked.Read(ref _generation);

    /// <summary>One render per key: the first caller gets true and must <see cref="Finish"/>; others wait on <paramref name="pending"/>.</summary>
    internal bool TryStartRender(string key, out Task<CachedPage?> pending)
    {
        var mine = new TaskCompletionSource<CachedPage?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = _rendering.GetOrAdd(key, mine);
        pending = current.Task;
        return ReferenceEquals(current, mine);
    }

    internal void Finish(string key, CachedPage? page)
    {
        if (_rendering.TryRemove(key, out var waiting))
        {
            waiting.TrySetResult(page);
        }
    }

    /// <summary>Stores a page unless an eviction ran while it was being rendered (it may show the old state).</summary>
    internal bool Store(string key, CachedPage page, long generationAtStart)
    {
        if (Generation != generationAtStart)
        {
            return false;
        }

        if (Interlocked.Add(ref _bytes, page.Size) > _maxBytes)
        {
            Interlocked.Add(ref _bytes, -page.Size);
            TrimHalf();
            return false;
        }

        if (_pages.TryGetValue(key, out var old))
        {
            Interlocked.Add(ref _bytes, -old.Size);
        }

        _pages[key] = page;
        foreach (var tag in page.Tags)
        {
            _byTag.GetOrAdd(tag, static _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal)).TryAdd(key, 0);
        }

        // An eviction that raced with the lines above must win: drop what was just added.
        if (Generation != generationAtStart)
        {
            Remove(key);
            return false;
        }

        return true;
    }

    internal CachedPage Build(HttpResponse response, byte[] body, string[] tags)
    {
        var headers = new List<KeyValuePair<string, StringValues>>();
        foreach (var header in response.Headers)
        {
            if (!IsOwnHeader(header.Key))
            {
                headers.Add(header);
            }
        }

        Interlocked.Increment(ref _renders);
        if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = Markup.Tighten(body);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 12));
        var now = _clock.GetUtcNow();
        return new CachedPage
        {
            Identity = body,
            Brotli = CompressBrotli(body),
            Gzip = CompressGzip(body),
            Headers = [.. headers],
            ETag = $"\"{hash}\"",
            ETagBrotli = $"\"{hash}-br\"",
            ETagGzip = $"\"{hash}-gz\"",
            LastModified = now.ToString("R", CultureInfo.InvariantCulture),
            ExpiresAt = Environment.TickCount64 + _lifetimeMs,
            Tags = tags,
        };
    }

    private void Remove(string key)
    {
        if (_pages.TryRemove(key, out var page))
        {
            Interlocked.Add(ref _bytes, -page.Size);
        }
    }

    private void TrimHalf()
    {
        var skip = true;
        foreach (var key in _pages.Keys)
        {
            if (!(skip = !skip))
            {
                Remove(key);
            }
        }
    }

    private static bool IsOwnHeader(string name) =>
        name.Equals(HeaderNames.Date, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Server, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.TransferEncoding, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.ContentEncoding, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.ETag, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.LastModified, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Vary, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.CacheControl, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Age, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The minifier's and the compressors' one-time costs (their code's first run, the native Brotli and zlib
    /// libraries), paid on a thread-pool thread at start-up rather than by the first page the cache stores: the
    /// minifier's first call alone took ~100 ms (measured in a console app with the same settings).
    /// </summary>
    public static void PreloadInBackground() => ThreadPool.UnsafeQueueUserWorkItem(static _ =>
    {
        var sample = Markup.Tighten("<!DOCTYPE html>\n<html lang=\"fa-IR\" dir=\"rtl\">\n  <body>\n    <p>خبر <a href=\"/\">تازه</a></p>\n  </body>\n</html>"u8.ToArray());
        _ = CompressBrotli(sample);
        _ = CompressGzip(sample);
    }, null);

    // Quality 6 of 11: the elbow of Brotli's curve on these pages. Measured on the article (24.9 KB) and home
    // (41 KB) pages: quality 6 in 1.2–1.7 ms, 11 in 45–68 ms for a body 10 % smaller — paid on every store, and pages
    // are stored again after every eviction (a publish, a moderated comment), by the request the readers wait on.
    private const int BrotliQuality = 6;

    private static byte[] CompressBrotli(byte[] body)
    {
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length)];
        return BrotliEncoder.TryCompress(body, output, out var written, quality: BrotliQuality, window: 22)
            ? output.AsSpan(0, written).ToArray()
            : throw new InvalidOperationException("Brotli could not compress the page");
    }

    private static byte[] CompressGzip(byte[] body)
    {
        using var output = new MemoryStream(body.Length / 3);
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }
}

/// <summary>
/// Cached pages lose the indentation of the Razor views they were rendered from (a seventh of the home page) and,
/// on the well-formed markup the views and the sanitizer produce, nothing else: WebMarkupMin's safe whitespace mode —
/// inside <c>pre</c>, <c>textarea</c>, scripts and styles nothing changes, between inline elements one space stays,
/// line breaks stay (an unclosed element it would close where a browser does). Done once per render, so every hit
/// sends fewer bytes; a page the minifier cannot parse is kept as rendered.
/// </summary>
public static class Markup
{
    // Every other minification off: only whitespace changes.
    private static readonly WebMarkupMin.Core.HtmlMinificationSettings Settings = new(useEmptyMinificationSettings: true)
    {
        WhitespaceMinificationMode = WebMarkupMin.Core.WhitespaceMinificationMode.Safe,
        PreserveNewLines = true,
    };

    public static byte[] Tighten(byte[] html)
    {
        // A minifier per call: it keeps parsing state, and pages are rendered on many threads at once.
        var result = new WebMarkupMin.Core.HtmlMinifier(Settings).Minify(System.Text.Encoding.UTF8.GetString(html), false);
        return result.Errors.Count == 0 ? System.Text.Encoding.UTF8.GetBytes(result.MinifiedContent) : html;
    }
}

/// <summary>
/// The two halves of the page cache in the pipeline: <see cref="ServeAsync"/> first of all (answers
/// hits), <see cref="FillAsync"/> after routing (renders a miss once and stores it when the endpoint
/// is marked <see cref="PublicCacheAttribute"/>).
/// </summary>
public static class PageCacheMiddleware
{
    private const int MaxKeyLength = 2048;

    private sealed class Miss(string key)
    {
        public string Key { get; } = key;
    }

    /// <summary>The first middleware: answers a hit before anything else runs (no per-request service scope either).</summary>
    public static IApplicationBuilder UsePageCache(this IApplicationBuilder app)
    {
        var cache = app.ApplicationServices.GetRequiredService<PageCache>();
        PageCache.PreloadInBackground();
        return app.Use(next => context => ServeAsync(context, next, cache));
    }

    private static Task ServeAsync(HttpContext context, RequestDelegate next, PageCache cache)
    {
        var request = context.Request;
        if (!IsAnonymousRead(request))
        {
            return next(context);
        }

        var path = request.Path.Value ?? "/";
        var query = request.QueryString.Value ?? "";
        var length = path.Length + query.Length;
        if (length > MaxKeyLength)
        {
            return next(context);
        }

        Span<char> key = stackalloc char[length];
        path.CopyTo(key);
        query.CopyTo(key[path.Length..]);
        if (cache.TryGet(key, out var page))
        {
            return WriteAsync(context, page);
        }

        if (HttpMethods.IsGet(request.Method))
        {
            context.Items[typeof(Miss)] = new Miss(new string(key));
        }

        return next(context);
    }

    public static async Task FillAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Items[typeof(Miss)] is not Miss miss || context.GetEndpoint()?.Metadata.GetMetadata<PublicCacheAttribute>() is null)
        {
            await next(context);
            return;
        }

        var cache = context.RequestServices.GetRequiredService<PageCache>();
        if (!cache.TryStartRender(miss.Key, out var pending))
        {
            // Someone is rendering this page right now: wait for it rather than render it again.
            CachedPage? rendered = null;
            try
            {
                rendered = await pending.WaitAsync(TimeSpan.FromSeconds(10), context.RequestAborted);
            }
            catch (TimeoutException)
            {
            }

            if (rendered is not null)
            {
                await WriteAsync(context, rendered);
                return;
            }

            await next(context);
            return;
        }

        CachedPage? page = null;
        try
        {
            var generation = cache.Generation;
            page = cache.Shared is null ? null : await FromSharedAsync(cache, miss.Key);
            if (page is not null)
            {
                cache.Store(miss.Key, page, generation);
                await WriteAsync(context, page);
                return;
            }

            page = await RenderAsync(context, next, cache, miss.Key);
        }
        finally
        {
            cache.Finish(miss.Key, page);
        }
    }

    private static async Task<CachedPage?> RenderAsync(HttpContext context, RequestDelegate next, PageCache cache, string key)
    {
        var generation = cache.Generation;
        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        var capture = new StreamResponseBodyFeature(buffer, original);
        context.Features.Set<IHttpResponseBodyFeature>(capture);
        try
        {
            await next(context);
            await capture.CompleteAsync();
        }
        finally
        {
            context.Features.Set(original);
        }

        var response = context.Response;
        var body = buffer.ToArray();
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie)
            || context.User.Identity?.IsAuthenticated == true || response.ContentType is null)
        {
            if (body.Length > 0)
            {
                // Nothing written keeps the response unstarted, so status pages can still fill an empty 404.
                await response.Body.WriteAsync(body, context.RequestAborted);
            }

            return null;
        }

        var page = cache.Build(response, body, TagsOf(context));
        if (cache.Store(key, page, generation) && cache.Shared is { } shared)
        {
            try
            {
                await shared.SetAsync(key, page, TimeSpan.FromMilliseconds(cache.LifetimeMs), CancellationToken.None);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                context.RequestServices.GetRequiredService<ILogger<PageCache>>().LogWarning(e, "Could not share a cached page");
            }
        }

        await WriteAsync(context, page);
        return page;
    }

    private static async Task<CachedPage?> FromSharedAsync(PageCache cache, string key)
    {
        try
        {
            return await cache.Shared!.GetAsync(key, cache.LifetimeMs, CancellationToken.None);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return null; // Redis unreachable: render here.
        }
    }

    private static string[] TagsOf(HttpContext context)
    {
        var tags = new List<string> { PageCache.AllTag };
        var request = context.Request;
        var route = request.RouteValues;
        if (route.TryGetValue("code", out var code) && long.TryParse(code?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var newsCode))
        {
            tags.Add(CacheTags.Article(newsCode));
        }

        if (route.TryGetValue("slug", out var slug) && request.Path.StartsWithSegments("/service"))
        {
            tags.Add(CacheTags.Service(slug?.ToString() ?? ""));
        }

        if (route.TryGetValue("name", out var tag) && request.Path.StartsWithSegments("/tag"))
        {
            tags.Add(CacheTags.Tag(tag?.ToString() ?? ""));
        }

        if (request.Path == "/")
        {
            tags.Add(CacheTags.Home);
        }

        if (request.Path.StartsWithSegments("/rss") || request.Path.Value?.EndsWith("/rss", StringComparison.Ordinal) == true
            || request.Path.Value?.EndsWith("/atom", StringComparison.Ordinal) == true)
        {
            tags.Add(CacheTags.Feeds);
        }

        return [.. tags];
    }

    private static bool IsAnonymousRead(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        var headers = request.Headers;
        if (headers.ContainsKey(HeaderNames.Authorization))
        {
            return false;
        }

        var cookie = headers.Cookie;
        return StringValues.IsNullOrEmpty(cookie) || !cookie.ToString().Contains(Newsroom.NewsroomAuth.CookieName, StringComparison.Ordinal);
    }

    private static Task WriteAsync(HttpContext context, CachedPage page)
    {
        var request = context.Request;
        var response = context.Response;
        var accept = request.Headers.AcceptEncoding;
        byte[] body;
        string etag;
        string? encoding = null;
        if (Accepts(accept, "br"))
        {
            (body, etag, encoding) = (page.Brotli, page.ETagBrotli, "br");
        }
        else if (Accepts(accept, "gzip"))
        {
            (body, etag, encoding) = (page.Gzip, page.ETagGzip, "gzip");
        }
        else
        {
            (body, etag) = (page.Identity, page.ETag);
        }

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

        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (!StringValues.IsNullOrEmpty(ifNoneMatch) && ifNoneMatch.ToString().Contains(etag, StringComparison.Ordinal))
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

    /// <summary>Whether Accept-Encoding lists the coding without refusing it (q=0).</summary>
    private static bool Accepts(StringValues header, string coding)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return false;
        }

        foreach (var value in header)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                var item = part.AsSpan().Trim();
                var semicolon = item.IndexOf(';');
                var name = (semicolon < 0 ? item : item[..semicolon]).Trim();
                if (!name.Equals(coding, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                return semicolon < 0 || !IsZeroQuality(item[(semicolon + 1)..]);
            }
        }

        return false;
    }

    private static bool IsZeroQuality(ReadOnlySpan<char> parameters)
    {
        var text = parameters.Trim();
        return text.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(text[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && q <= 0;
    }
}

/// <summary>Runs the deferred evictions of <see cref="PageCache.EvictSoon"/> every second.</summary>
public sealed class PageCacheJanitor(PageCache cache) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await cache.FlushDeferredAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
