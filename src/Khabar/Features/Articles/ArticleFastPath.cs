using System.Buffers;
using System.Text;
using Khabar.Features.Shared;
using Khabar.Persian;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Articles;

/// <summary>
/// A plain GET of an article page, answered without the MVC pipeline: the page is the same partial views the
/// Razor page uses (_LayoutTop, _ArticleMeta, _ArticleMain, _CommentForm, _Comments, _ArticleAside,
/// _LayoutBottom), each rendered once per change of its data and kept as UTF-8 bytes, then written in order.
/// Per request: the data stamps from <see cref="SiteLists"/> (memory), one look-up per fragment, the writes.
/// Anything else — a query string (the «pending» notice), a wrong slug (redirect), a signed-in newsroom user,
/// a post — goes on to the Razor page, which renders the same markup; a test holds the two to the same bytes.
/// </summary>
public sealed class ArticleFastPath(
    RazorFragments fragments, SiteNavigation navigation, IOptions<KhabarOptions> options, TimeProvider clock)
{
    private const string ArticlePage = "/Articles/Article";
    private static readonly byte[] OpenMain = Encoding.UTF8.GetBytes("<div class=\"layout-with-aside\">\n<article class=\"article ");
    private static readonly byte[] OpenMainEnd = Encoding.UTF8.GetBytes("\">\n");
    private static readonly byte[] CloseArticle = Encoding.UTF8.GetBytes("</article>\n<aside class=\"aside\">\n");
    private static readonly byte[] CloseAside = Encoding.UTF8.GetBytes("</aside>\n</div>\n");

    public static void UseArticleFastPath(IApplicationBuilder app)
    {
        var fastPath = app.ApplicationServices.GetRequiredService<ArticleFastPath>();
        app.Use(next => context => Applies(context, out var code, out var slug)
            ? fastPath.ServeAsync(context, code, slug, next)
            : next(context));
    }

    private static bool Applies(HttpContext context, out long code, out string slug)
    {
        code = 0;
        slug = "";
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || request.QueryString.HasValue
            || request.Cookies.ContainsKey(Newsroom.NewsroomAuth.CookieName)
            || context.GetEndpoint()?.Metadata.GetMetadata<CompiledPageActionDescriptor>()?.ViewEnginePath != ArticlePage)
        {
            return false;
        }

        var values = context.Request.RouteValues;
        return long.TryParse(values["code"] as string, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out code)
            && values["slug"] is string given && (slug = given).Length > 0;
    }

    private async Task ServeAsync(HttpContext context, long code, string slug, RequestDelegate next)
    {
        var ct = context.RequestAborted;
        if (!WarmUp.IsCompleted)
        {
            // Just after a start the warm-up is compiling the same queries and rendering the same views: doing it a
            // second time beside it, on two cores, made both finish later. Bounded, so a stuck warm-up holds no one.
            await Task.WhenAny(WarmUp, Task.Delay(TimeSpan.FromSeconds(2), ct));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var pages = context.RequestServices.GetRequiredService<ArticlePages>();
        var data = await pages.ArticleAsync(code, now, ct);
        if (data is null || data.Article.Slug != slug)
        {
            await next(context); // 404 or the redirect to the right address: the Razor page answers those
            return;
        }

        var parts = await PartsAsync(context, pages, data, now, ct);
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        var length = 0L;
        foreach (var part in parts)
        {
            length += part.Length;
        }

        response.ContentLength = length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var body = response.BodyWriter;
        foreach (var part in parts)
        {
            body.Write(part);
        }

        await body.FlushAsync(ct);
    }

    /// <summary>
    /// The first half of the start-up warm-up, begun as soon as the database is ready — while the main thread is
    /// still building the endpoints: EF compiles the article page's queries and their data lands in
    /// <see cref="SiteLists"/>. <see cref="WarmAsync"/> then finds them compiled and only renders.
    /// </summary>
    public async Task WarmDataAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Two halves at once, each with its own scope (its own DbContext): the page's own queries and the services
        // menu beside the lists and the newest article. The main thread finishes the endpoints and the server
        // meanwhile and then idles, and a core left idle was a third of a second of the first request's wait.
        var beside = Task.Run(async () =>
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ArticlePages>().CompileQueriesAsync(now, ct);
            await navigation.ServicesAsync(ct);
        }, ct);
        await Task.WhenAll(beside, ListsAndPageAsync());

        async Task ListsAndPageAsync()
        {
            await using var scope = services.CreateAsyncScope();
            var lists = await scope.ServiceProvider.GetRequiredService<SiteLists>().GetAsync(scope.ServiceProvider.GetRequiredService<Storage.NewsDb>(), now, ct);
            var pages = scope.ServiceProvider.GetRequiredService<ArticlePages>();
            if (lists.Latest.Count > 0 && await pages.ArticleAsync(lists.Latest[0].Code, now, ct) is { } data)
            {
                await beside; // its queries compiled, the page's data only reads
                await pages.PageAsync(data, now, ct);
            }
        }
    }

    /// <summary>
    /// Start-up warm-up: the newest article's page is built once, on the core start-up leaves free, so the first
    /// reader after a restart does not pay for EF compiling the page's queries and the partial views' first render
    /// (the Persian lexicon is loaded even earlier, from Main: <see cref="KhabarApp.PreloadInBackground"/>). The data lands in <see cref="SiteLists"/> as a request would leave it; the HTML
    /// fragments are rendered but not kept (<see cref="RazorFragments.RenderOnly"/>): they depend on the request (host,
    /// the endpoint's asset links), and a reader's request renders its own in a few milliseconds once the views are warm.
    /// </summary>
    public async Task WarmAsync(IServiceProvider services, CancellationToken ct)
    {
        // The article page's endpoint, as routing gives it to a request, so the views take a reader's code paths
        // (asset links are resolved from it).
        var endpoint = services.GetRequiredService<EndpointDataSource>().Endpoints.FirstOrDefault(e =>
            e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath == ArticlePage);
        var now = clock.GetUtcNow().UtcDateTime;
        long code;
        await using (var scope = services.CreateAsyncScope())
        {
            var lists = await scope.ServiceProvider.GetRequiredService<SiteLists>().GetAsync(scope.ServiceProvider.GetRequiredService<Storage.NewsDb>(), now, ct);
            if (lists.Latest.Count == 0)
            {
                return;
            }

            code = lists.Latest[0].Code;
        }

        // The page's two halves, each on its own request and scope, at once: the first render of a view is mostly
        // one-time work (its activation, its tag helpers), and one core alone took a tenth of a second over them.
        var rendered = await Task.WhenAll(
            Task.Run(() => RenderAsync((context, page) => LayoutPartsAsync(context, page, now)), ct),
            Task.Run(() => RenderAsync(ContentPartsAsync), ct));
        if (rendered.All(r => r))
        {
            Warmed = code;
        }

        async Task<bool> RenderAsync(Func<HttpContext, ArticlePage, ValueTask<byte[][]>> parts)
        {
            await using var scope = services.CreateAsyncScope();
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            context.SetEndpoint(endpoint);
            context.Request.Scheme = "http";
            context.Request.Host = new HostString("warm-up.invalid");
            context.Items[RazorFragments.RenderOnly] = true;
            var pages = scope.ServiceProvider.GetRequiredService<ArticlePages>();
            if (await pages.ArticleAsync(code, now, ct) is not { } data)
            {
                return false; // unpublished meanwhile
            }

            await parts(context, await pages.PageAsync(data, now, ct));
            return true;
        }
    }

    /// <summary>The start-up warm-up (<see cref="WarmAsync"/>) as it runs; readers of article pages wait for it.</summary>
    public Task WarmUp { get; set; } = Task.CompletedTask;

    /// <summary>The code of the article the start-up warm-up built, once it has.</summary>
    public long? Warmed { get; private set; }

    private async Task<byte[][]> PartsAsync(HttpContext context, ArticlePages pages, SiteLists.ArticleData data, DateTime now, CancellationToken ct)
    {
        var page = await pages.PageAsync(data, now, ct);
        var layout = await LayoutPartsAsync(context, page, now);
        var content = await ContentPartsAsync(context, page);
        var service = Encoding.UTF8.GetBytes(ServiceStyles.Class(page.Article.ServiceId));
        return [layout[0], OpenMain, service, OpenMainEnd, .. content, CloseAside, layout[1]];
    }

    /// <summary>The layout around the article: its top (head, meta tags, menus) and its bottom.</summary>
    private async ValueTask<byte[][]> LayoutPartsAsync(HttpContext context, ArticlePage page, DateTime now)
    {
        var a = page.Article;
        var origin = Feeds.Feeds.Origin(context);
        var site = options.Value.SiteName;
        await navigation.ServicesAsync(context.RequestAborted);
        var day = Jalali.ToTehran(now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var meta = await fragments.GetAsync(context, "meta:" + page.ArticleKey + origin, "/Features/Articles/_ArticleMeta.cshtml",
            () => page.Meta(origin, site));
        var top = await fragments.GetAsync(context, $"top:{page.ArticleKey}:{origin}:{navigation.Stamp}:{day}", "/Features/Shared/_LayoutTop.cshtml",
            () => new LayoutTop(a.Title, a.Lead, Urls.Article(a.Code, a.Slug), a.ServiceSlug, IsHome: false, new HtmlString(Encoding.UTF8.GetString(meta))));
        var bottom = await fragments.GetAsync(context, "bottom", "/Features/Shared/_LayoutBottom.cshtml", () => (object?)null);
        return [top, bottom];
    }

    /// <summary>The article, its comment form and comments, and the aside's lists.</summary>
    private async ValueTask<byte[][]> ContentPartsAsync(HttpContext context, ArticlePage page)
    {
        var a = page.Article;
        var shortUrl = SiteOrigin.Of(context) + Urls.ShortLink(a.Code);
        var main = await fragments.GetAsync(context, "main:" + page.ArticleKey + shortUrl, "/Features/Articles/_ArticleMain.cshtml",
            () => page.Main(shortUrl));
        var form = await fragments.GetAsync(context, "form:" + a.Code, "/Features/Articles/_CommentForm.cshtml", () => CommentFormView.Empty(a.Code));
        var comments = await fragments.GetAsync(context, "comments:" + page.CommentsKey, "/Features/Articles/_Comments.cshtml",
            () => page.CommentList);
        var aside = await fragments.GetAsync(context, "aside:" + page.ListsKey, "/Features/Articles/_ArticleAside.cshtml",
            () => page.Aside);
        return [main, form, comments, CloseArticle, aside];
    }
}

/// <summary>
/// Partial views rendered to UTF-8 bytes outside a page, kept by key (the stamps of their data) in a bounded
/// memory cache: the fragments of <see cref="ArticleFastPath"/>.
/// </summary>
public sealed class RazorFragments(ICompositeViewEngine views, ITempDataProvider tempData, IModelMetadataProvider metadata) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 32L * 1024 * 1024 });

    public void Dispose() => _cache.Dispose();

    /// <summary>How many fragments are kept now.</summary>
    public int Count => _cache.Count;

    /// <summary>Marks a context whose renders are not kept (the start-up warm-up's: not a reader's request).</summary>
    public static readonly object RenderOnly = new();

    public async ValueTask<byte[]> GetAsync<TModel>(HttpContext context, string key, string viewPath, Func<TModel> model)
    {
        if (context.Items.ContainsKey(RenderOnly))
        {
            return await RenderAsync(context, viewPath, model());
        }

        if (_cache.TryGetValue(key, out byte[]? bytes) && bytes is not null)
        {
            return bytes;
        }

        bytes = await RenderAsync(context, viewPath, model());
        _cache.Set(key, bytes, new MemoryCacheEntryOptions { Size = bytes.Length + key.Length, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return bytes;
    }

    private async Task<byte[]> RenderAsync<TModel>(HttpContext context, string viewPath, TModel model)
    {
        var action = new ActionContext(context, context.GetRouteData(), new ActionDescriptor());
        var view = views.GetView(executingFilePath: null, viewPath, isMainPage: false).View
            ?? throw new InvalidOperationException($"No view at {viewPath}");
        await using var writer = new StringWriter();
        var viewData = new ViewDataDictionary<TModel>(metadata, new ModelStateDictionary()) { Model = model };
        var viewContext = new ViewContext(action, view, viewData, new TempDataDictionary(context, tempData), writer, new HtmlHelperOptions());
        await view.RenderAsync(viewContext);
        return Encoding.UTF8.GetBytes(writer.ToString());
    }
}
