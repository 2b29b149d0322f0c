using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khabar.Features.Articles;

/// <summary>
/// The article page's two start-up warm-up steps (run by <see cref="StartupSequence"/>): its queries once the database
/// is ready, then the newest article's page built once, on the core the rest of start-up leaves free — so the first
/// readers after a restart find EF's queries compiled and the views rendered once.
/// </summary>
public sealed class ArticleWarmUp(SiteNavigation navigation, TimeProvider clock)
{
    /// <summary>The code of the article the warm-up built, once it has.</summary>
    public long? Warmed { get; private set; }

    /// <summary>
    /// Begun as soon as the database is ready, while the main thread is still building the endpoints: EF compiles the
    /// article page's queries and their data lands in <see cref="SiteDataCache"/>. <see cref="WarmPageAsync"/> then finds
    /// them compiled and only renders.
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
            await scope.ServiceProvider.GetRequiredService<ArticlePageReader>().CompileQueriesAsync(now, ct);
            await navigation.ServicesAsync(ct);
            await scope.ServiceProvider.GetRequiredService<BreakingNews>().CurrentAsync(ct); // its query compiled, the strip read
        }, ct);
        await Task.WhenAll(beside, ListsAndPageAsync());

        async Task ListsAndPageAsync()
        {
            await using var scope = services.CreateAsyncScope();
            var lists = await scope.ServiceProvider.GetRequiredService<SiteDataCache>().GetAsync(scope.ServiceProvider.GetRequiredService<Storage.NewsDb>(), now, ct);
            var pages = scope.ServiceProvider.GetRequiredService<ArticlePageReader>();
            if (lists.Latest.Count > 0 && await pages.ArticleAsync(lists.Latest[0].Code, now, ct) is { } data)
            {
                await beside; // its queries compiled, the page's data only reads
                await pages.PageAsync(data, now, ct);
            }
        }
    }

    /// <summary>
    /// The newest article's page built once, once the endpoints are mapped: the data lands in <see cref="SiteDataCache"/>
    /// as a request would leave it; the fragments are rendered but not kept (<see cref="FragmentCache.RenderOnly"/>):
    /// they depend on the request (host, the endpoint's asset links), and a reader's request renders its own in a few
    /// milliseconds once the views are warm.
    /// </summary>
    public async Task WarmPageAsync(IServiceProvider services, CancellationToken ct)
    {
        // The article page's endpoint, as routing gives it to a request, so the views take a reader's code paths
        // (asset links are resolved from it).
        var endpoint = services.GetRequiredService<EndpointDataSource>().Endpoints.FirstOrDefault(e =>
            e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath == ArticleFastPath.PagePath);
        var now = clock.GetUtcNow().UtcDateTime;
        long code;
        await using (var scope = services.CreateAsyncScope())
        {
            var lists = await scope.ServiceProvider.GetRequiredService<SiteDataCache>().GetAsync(scope.ServiceProvider.GetRequiredService<Storage.NewsDb>(), now, ct);
            if (lists.Latest.Count == 0)
            {
                return;
            }

            code = lists.Latest[0].Code;
        }

        // The page's fragments in two halves, each on its own request and scope, at once: the first render of a view is
        // mostly one-time work (its activation, its tag helpers), and one core alone took a tenth of a second over them.
        var rendered = await Task.WhenAll(Task.Run(() => RenderAsync(0, 3), ct), Task.Run(() => RenderAsync(3, 3), ct));
        if (rendered.All(r => r))
        {
            Warmed = code;
        }

        async Task<bool> RenderAsync(int skip, int take)
        {
            await using var scope = services.CreateAsyncScope();
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            context.SetEndpoint(endpoint);
            context.Request.Scheme = "http";
            context.Request.Host = new HostString("warm-up.invalid");
            context.Items[FragmentCache.RenderOnly] = true;
            var pages = scope.ServiceProvider.GetRequiredService<ArticlePageReader>();
            if (await pages.ArticleAsync(code, now, ct) is not { } data)
            {
                return false; // unpublished meanwhile
            }

            var page = await pages.PageAsync(data, now, ct);
            var fragments = await scope.ServiceProvider.GetRequiredService<ArticleDocument>().FragmentsAsync(context, page, form: null);
            await scope.ServiceProvider.GetRequiredService<FragmentCache>().RenderAsync(context, [.. fragments.Skip(skip).Take(take)]);
            return true;
        }
    }
}
