using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Khabar.Features.Shared;

/// <summary>
/// Output caching for anonymous GETs of public pages and feeds, tagged by what they show so a write can
/// evict exactly them. Never stores a response that sets a cookie or is not a 200.
/// </summary>
public sealed class PublicPagePolicy : IOutputCachePolicy
{
    public const string Name = "public";

    /// <summary>Every public page shows the latest news, so each carries this tag too.</summary>
    public const string AllTag = "public";

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !request.Headers.ContainsKey(HeaderNames.Authorization)
            && http.User.Identity?.IsAuthenticated != true;

        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(10);
        context.CacheVaryByRules.QueryKeys = "*";

        context.Tags.Add(AllTag);
        var route = http.Request.RouteValues;
        if (route.TryGetValue("code", out var code) && long.TryParse(code?.ToString(), out var newsCode))
        {
            context.Tags.Add(CacheTags.Article(newsCode));
        }

        if (route.TryGetValue("slug", out var slug) && request.Path.StartsWithSegments("/service"))
        {
            context.Tags.Add(CacheTags.Service(slug?.ToString() ?? ""));
        }

        if (route.TryGetValue("name", out var tag) && request.Path.StartsWithSegments("/tag"))
        {
            context.Tags.Add(CacheTags.Tag(tag?.ToString() ?? ""));
        }

        if (request.Path == "/")
        {
            context.Tags.Add(CacheTags.Home);
        }

        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) =>
        ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
