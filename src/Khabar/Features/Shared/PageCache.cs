using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Khabar.Features.Shared;

/// <summary>
/// Marks a page or endpoint whose anonymous GET responses the page cache keeps, with the query parameters it reads:
/// the cache key is the path and those parameters only, so a query string of anything else (<c>?utm_source=…</c>,
/// junk) is the same page and never a new entry. A parameter is named as the page reads it: <c>"q"</c> (its text),
/// <c>"page:n"</c> (a page number: the key holds the number the pager uses, none for page 1 or for no number at
/// all), <c>"comment=pending"</c> (only that value means anything; any other is as if it were absent).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PublicCacheAttribute(params string[] query) : Attribute
{
    /// <summary>The query parameters the page reads, in the order the key lists them.</summary>
    public IReadOnlyList<string> Query { get; } = query;

    /// <summary>The key's part for one declared parameter, or null when the page would read the same as without it.</summary>
    internal static string? Part(string declared, IQueryCollection query)
    {
        var colon = declared.IndexOf(':', StringComparison.Ordinal);
        var equals = declared.IndexOf('=', StringComparison.Ordinal);
        var name = colon > 0 ? declared[..colon] : equals > 0 ? declared[..equals] : declared;
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        var value = values[0] ?? "";
        if (colon > 0)
        {
            var page = Pager.Clamp(int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null);
            return page == 1 ? null : name + "=" + page.ToString(CultureInfo.InvariantCulture);
        }

        if (equals > 0)
        {
            return value == declared[(equals + 1)..] ? declared : null;
        }

        return name + "=" + Uri.EscapeDataString(value);
    }
}

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

    /// <summary>The cache's clock (<see cref="TimeProvider.GetTimestamp"/>) after which the page is rendered again; set when stored.</summary>
    public long ExpiresAt { get; internal set; }

    public required string[] Tags { get; init; }

    /// <summary>The bytes of the three encodings and the headers.</summary>
    public long Size => Identity.Length + Brotli.Length + Gzip.Length + 512;

    /// <summary>What the page is charged in the cache's budget: its bytes, its key and its tag entries.</summary>
    internal long Charged { get; set; }
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
    private readonly ConcurrentDictionary<string, TagSet> _byTag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<CachedPage?>> _rendering = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _evictSoon = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly long _maxBytes;
    private readonly int _maxEntries;
    private readonly long _lifetimeMs;
    private readonly long _lifetimeTicks;
    private long _bytes;
    private int _entries;
    private long _generation;
    private long _renders;

    private readonly ILogger<PageCache> _logger;

    public PageCache(IOptions<KhabarOptions> options, TimeProvider clock, ILogger<PageCache> logger, SharedPageStore? shared = null)
    {
        _logger = logger;
        Shared = shared;
        shared?.Subscribe(EvictLocally);
        var settings = options.Value.OutputCache;
        _maxBytes = Math.Max(1, settings.MaxMegabytes) * 1024L * 1024L;
        _maxEntries = Math.Max(16, settings.MaxEntries);
        _lifetimeMs = (long)TimeSpan.FromSeconds(Math.Max(1, settings.LifetimeSeconds)).TotalMilliseconds;
        _lifetimeTicks = (long)(Math.Max(1, settings.LifetimeSeconds) * (double)clock.TimestampFrequency);
        _clock = clock;
        _lookup = _pages.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The Redis store shared by all nodes, when configured.</summary>
    public SharedPageStore? Shared { get; }

    internal long LifetimeMs => _lifetimeMs;

    /// <summary>Pages held now.</summary>
    public int Count => _pages.Count;

    /// <summary>Bytes charged to the budget now (pages, keys, tag entries).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Tags with at least one page (each a set of keys).</summary>
    public int TagCount => _byTag.Count;

    /// <summary>The keys of one tag: a set that is dropped when its last key goes, under its own lock.</summary>
    private sealed class TagSet
    {
        public readonly HashSet<string> Keys = new(StringComparer.Ordinal);
        public bool Dropped;
    }

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
        if (_byTag.TryRemove(tag, out var set))
        {
            string[] keys;
            lock (set)
            {
                set.Dropped = true;
                keys = [.. set.Keys];
            }

            foreach (var key in keys)
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
            if (page.ExpiresAt > _clock.GetTimestamp())
            {
                return true;
            }

            Remove(key.ToString(), page);
        }

        page = null;
        return false;
    }

    /// <summary>Drops every expired page (its bytes and tag entries go with it); the janitor calls it every few seconds.</summary>
    public int SweepExpired()
    {
        var now = _clock.GetTimestamp();
        var swept = 0;
        foreach (var (key, page) in _pages)
        {
            if (page.ExpiresAt <= now && Remove(key, page))
            {
                swept++;
            }
        }

        return swept;
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

    /// <summary>
    /// Stores a page unless an eviction ran while it was being rendered (it may show the old state). Its charge is its
    /// bytes, its key and an entry per tag; beyond the byte budget or the entry cap, half the pages go first.
    /// </summary>
    internal bool Store(string key, CachedPage page, long generationAtStart)
    {
        if (Generation != generationAtStart)
        {
            return false;
        }

        page.ExpiresAt = _clock.GetTimestamp() + _lifetimeTicks;
        page.Charged = page.Size + (key.Length * 2L) + 96 + page.Tags.Sum(t => (t.Length * 2L) + 96);
        if (page.Charged > _maxBytes / 4)
        {
            return false; // one page may not take a quarter of the budget
        }

        if (!Charge(page))
        {
            TrimHalf();
            if (!Charge(page))
            {
                return false;
            }
        }

        CachedPage? old = null;
        _pages.AddOrUpdate(key, page, (_, existing) =>
        {
            old = existing;
            return page;
        });
        if (old is not null && !ReferenceEquals(old, page))
        {
            // The page it replaces gives its charge back; its tag entries are the same key's, so they stay.
            Interlocked.Add(ref _bytes, -old.Charged);
            Interlocked.Decrement(ref _entries);
        }

        foreach (var tag in page.Tags)
        {
            while (true)
            {
                var set = _byTag.GetOrAdd(tag, static _ => new TagSet());
                lock (set)
                {
                    if (!set.Dropped)
                    {
                        set.Keys.Add(key);
                        break;
                    }
                }
            }
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
            Tags = tags,
        };
    }

    /// <summary>Takes the page's charge and an entry, or nothing when either would go over its limit.</summary>
    private bool Charge(CachedPage page)
    {
        if (Interlocked.Add(ref _bytes, page.Charged) > _maxBytes)
        {
            Interlocked.Add(ref _bytes, -page.Charged);
            return false;
        }

        if (Interlocked.Increment(ref _entries) > _maxEntries)
        {
            Interlocked.Decrement(ref _entries);
            Interlocked.Add(ref _bytes, -page.Charged);
            return false;
        }

        return true;
    }

    private void Remove(string key)
    {
        if (_pages.TryGetValue(key, out var page))
        {
            Remove(key, page);
        }
    }

    /// <summary>Removes this page (not a newer one stored under the key since): its charge and its tag entries go.</summary>
    private bool Remove(string key, CachedPage page)
    {
        if (!_pages.TryRemove(new KeyValuePair<string, CachedPage>(key, page)))
        {
            return false;
        }

        Interlocked.Add(ref _bytes, -page.Charged);
        Interlocked.Decrement(ref _entries);
        foreach (var tag in page.Tags)
        {
            if (_byTag.TryGetValue(tag, out var set))
            {
                lock (set)
                {
                    // Another page under the same key (stored since) keeps the key in the set.
                    if (!_pages.ContainsKey(key))
                    {
                        set.Keys.Remove(key);
                    }

                    if (set.Keys.Count == 0 && !set.Dropped)
                    {
                        set.Dropped = true;
                        _byTag.TryRemove(new KeyValuePair<string, TagSet>(tag, set));
                    }
                }
            }
        }

        return true;
    }

    private void TrimHalf()
    {
        var skip = true;
        foreach (var (key, page) in _pages)
        {
            if (!(skip = !skip))
            {
                Remove(key, page);
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
        if (context.Items[typeof(Miss)] is not Miss { } requested || context.GetEndpoint()?.Metadata.GetMetadata<PublicCacheAttribute>() is not { } cacheable)
        {
            await next(context);
            return;
        }

        // The page's own key: its path and only the query parameters it reads. A request with others (junk, tracking)
        // is answered from that key, and never makes an entry of its own.
        var cache = context.RequestServices.GetRequiredService<PageCache>();
        var miss = new Miss(KeyOf(context.Request, cacheable));
        if (miss.Key != requested.Key && cache.TryGet(miss.Key, out var existing))
        {
            await WriteAsync(context, existing);
            return;
        }

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

    /// <summary>The path, then the parameters the endpoint reads (in its order, first value, as it reads them), nothing else.</summary>
    internal static string KeyOf(HttpRequest request, PublicCacheAttribute cacheable)
    {
        var key = new System.Text.StringBuilder(request.Path.Value ?? "/");
        var separator = '?';
        foreach (var declared in cacheable.Query)
        {
            if (PublicCacheAttribute.Part(declared, request.Query) is { } part)
            {
                key.Append(separator).Append(part);
                separator = '&';
            }
        }

        return key.ToString();
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
            return await cache.Shared!.GetAsync(key, CancellationToken.None);
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

/// <summary>Runs the deferred evictions of <see cref="PageCache.EvictSoon"/> every second, and drops expired pages every ten.</summary>
public sealed class PageCacheJanitor(PageCache cache) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await cache.FlushDeferredAsync();
                if (++ticks % 10 == 0)
                {
                    cache.SweepExpired();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
