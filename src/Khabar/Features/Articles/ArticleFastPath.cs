using Khabar.Features.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khabar.Features.Articles;

/// <summary>
/// A plain GET of an article page, answered without the MVC pipeline: the same fragments the page handler writes
/// (<see cref="ArticleDocument"/>), most of them kept as bytes. Per request: the data stamps from
/// <see cref="SiteDataCache"/> (memory), one look-up per fragment, the writes. Anything else — a query string (the
/// «pending» notice), a wrong slug (redirect), a signed-in newsroom user, a post — goes on to the page handler.
/// </summary>
public static class ArticleFastPath
{
    /// <summary>The article page's path among the Razor pages.</summary>
    public const string PagePath = "/Articles/Article";

    public static IApplicationBuilder UseArticleFastPath(this IApplicationBuilder app)
    {
        var startup = app.ApplicationServices.GetRequiredService<StartupSequence>();
        var document = app.ApplicationServices.GetRequiredService<ArticleDocument>();
        var clock = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(next => context => Applies(context, out var code, out var slug)
            ? ServeAsync(context, code, slug, next, startup, document, clock)
            : next(context));
    }

    private static bool Applies(HttpContext context, out long code, out string slug)
    {
        code = 0;
        slug = "";
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || request.QueryString.HasValue
            || request.Cookies.ContainsKey(Newsroom.NewsroomAuth.CookieName)
            || context.GetEndpoint()?.Metadata.GetMetadata<CompiledPageActionDescriptor>()?.ViewEnginePath != PagePath)
        {
            return false;
        }

        var values = context.Request.RouteValues;
        return long.TryParse(values["code"] as string, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out code)
            && values["slug"] is string given && (slug = given).Length > 0;
    }

    private static async Task ServeAsync(
        HttpContext context, long code, string slug, RequestDelegate next, StartupSequence startup, ArticleDocument document, TimeProvider clock)
    {
        var ct = context.RequestAborted;
        if (!startup.WarmedUp.IsCompleted)
        {
            // Just after a start the warm-up is compiling the same queries and rendering the same views: doing it a
            // second time beside it, on two cores, made both finish later. Bounded, so a stuck warm-up holds no one.
            await Task.WhenAny(startup.WarmedUp, Task.Delay(TimeSpan.FromSeconds(2), ct));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var pages = context.RequestServices.GetRequiredService<ArticlePageReader>();
        var data = await pages.ArticleAsync(code, now, ct);
        if (data is null || data.Article.Slug != slug)
        {
            await next(context); // 404 or the redirect to the right address: the page handler answers those
            return;
        }

        var page = await pages.PageAsync(data, now, ct);
        await ArticleDocument.WriteAsync(context, await document.RenderAsync(context, page, form: null));
    }
}
