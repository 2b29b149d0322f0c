using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Khabar.Features.Caching;

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
        CachedPage.PreloadInBackground();
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
            Shared.KhabarMetrics.PageCacheHits.Add(1);
            return CachedPageResponse.WriteAsync(context, page);
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
            Shared.KhabarMetrics.PageCacheHits.Add(1);
            await CachedPageResponse.WriteAsync(context, existing);
            return;
        }

        Shared.KhabarMetrics.PageCacheMisses.Add(1);

        if (!cache.Rendering.TryStart(miss.Key, out var pending))
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
                await CachedPageResponse.WriteAsync(context, rendered);
                return;
            }

            await next(context);
            return;
        }

        CachedPage? page = null;
        try
        {
            var generation = cache.Generation;
            (page, var since) = cache.Shared is null ? (null, null) : await FromSharedAsync(cache, miss.Key);
            if (page is not null)
            {
                cache.Store(miss.Key, page, generation);
                await CachedPageResponse.WriteAsync(context, page);
                return;
            }

            page = await RenderAsync(context, next, cache, miss.Key, cacheable, since);
        }
        finally
        {
            cache.Rendering.Finish(miss.Key, page);
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

    /// <summary>Renders and caches the page; shares it when the store's clock was read before the render (<paramref name="since"/>).</summary>
    private static async Task<CachedPage?> RenderAsync(HttpContext context, RequestDelegate next, PageCache cache, string key, PublicCacheAttribute cacheable, long? since)
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

        cache.CountRender();
        var page = CachedPage.From(response, body, cacheable.TagsFor(context.Request.RouteValues), cache.Now);
        if (cache.Store(key, page, generation) && cache.Shared is { } shared && since is { } renderedSince)
        {
            try
            {
                await shared.SetAsync(key, page, cache.Lifetime, renderedSince);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                context.RequestServices.GetRequiredService<ILogger<PageCache>>().LogWarning(e, "Could not share a cached page");
            }
        }

        await CachedPageResponse.WriteAsync(context, page);
        return page;
    }

    private static async Task<(CachedPage? Page, long? Since)> FromSharedAsync(PageCache cache, string key)
    {
        try
        {
            var (page, clock) = await cache.Shared!.GetAsync(key);
            return (page, clock);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return (null, null); // Redis unreachable: render here, and share nothing.
        }
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
}
