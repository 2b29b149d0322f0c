using Khabar.Features.Articles;
using Khabar.Features.Caching;
using Khabar.Features.Comments;
using Khabar.Features.Feeds;
using Khabar.Features.Import;
using Khabar.Features.Moderation;
using Khabar.Features.Newsroom;
using Khabar.Features.Search;
using Khabar.Features.Shared;
using Khabar.Hosting;
using Microsoft.Extensions.Options;

namespace Khabar;

/// <summary>
/// The composition root, as a table of contents: each feature registers its services (<c>AddX</c>) and maps its
/// endpoints (<c>MapX</c>) in its own folder; the pipeline's order is here. See docs/architecture.md.
/// </summary>
public static class KhabarApp
{
    public static void AddKhabar(this WebApplicationBuilder builder)
    {
        builder.AddWebHost();       // Hosting/WebHost.cs: options, Razor Pages, JSON, proxies, OpenAPI, health
        builder.AddShared();        // start-up sequence, database, change bus, data lists, navigation, view counts
        builder.AddCaching();       // page cache (+ Redis store), fragment cache
        builder.AddArticles();      // the article page: data, one definition, fast path, warm-up
        builder.AddComments();      // intake, writer, votes, limits
        builder.AddSearch();
        builder.AddModeration();
        builder.AddNewsroom();      // sign-in, users, editor, scheduling, media
        builder.AddImport();        // JSONL import, demo content, benchmark seeder
        builder.AddObservability(); // /metrics on its own port (Khabar:Metrics:Port), JSON logs

        // Last: services registered above (authentication, antiforgery, Razor Pages) add data protection again.
        KeyRingWarmup.ReplaceStartupLoad(builder.Services);
    }

    /// <summary>Starts the database's preparation and the warm-up beside the server's own start-up (<see cref="StartupSequence"/>).</summary>
    public static void BeginPreparing(this WebApplication app) => app.Services.GetRequiredService<StartupSequence>().Begin(app);

    public static void UseKhabar(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<KhabarOptions>>().Value;
        // First of all, requests wait while the database is made ready at start-up (a completed task afterwards).
        StartupSequence.UseStartupGate(app);
        // Then views are counted on cache hits too, and a cached page is answered before anything else runs.
        ViewCounter.UseViewCounter(app);
        if (options.OutputCache.Enabled)
        {
            app.UsePageCache();
        }

        app.UseForwardedHeaders();
        var https = SiteOrigin.IsConfiguredHttps(options);
        if (https)
        {
            app.UseCookiePolicy();
        }

        app.UseExceptionHandler("/status/500");
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseSecurityHeaders(https);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        if (options.OutputCache.Enabled)
        {
            app.Use(PageCacheMiddleware.FillAsync);
        }

        app.UseArticleFastPath();

        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapShared();            // service colours, /healthz
        app.MapArticles();          // short links, read API
        app.MapComments();
        app.MapFeedsAndSitemaps();
        app.MapModeration();
        app.MapNewsroom();          // editor API, /media files
        app.MapSearch();
        app.MapOpenApi();
        app.MapObservability();     // /metrics, only on the metrics port
        // Set before the server listens: the first readers of an article wait for it rather than duplicate it.
        app.Services.GetRequiredService<StartupSequence>().AfterMapping(app);
    }
}
