using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Khabar.Features.Api;
using Khabar.Features.Articles;
using Khabar.Features.Caching;
using Khabar.Features.Comments;
using Khabar.Features.Demo;
using Khabar.Features.Import;
using Khabar.Features.Moderation;
using Khabar.Features.Newsroom;
using Khabar.Features.Newsroom.Editor;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Khabar;

/// <summary>The composition root: services and the request pipeline.</summary>
public static class KhabarApp
{
    public static void AddKhabar(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.Configure<KhabarOptions>(configuration.GetSection(KhabarOptions.Section));
        // Behind https (Khabar:BaseUrl): every cookie Secure, whatever the proxy tells about the request's scheme.
        var secure = SiteOrigin.IsConfiguredHttps(configuration.GetSection(KhabarOptions.Section).Get<KhabarOptions>() ?? new KhabarOptions());
        services.Configure<CookiePolicyOptions>(o => o.Secure = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        // First hosted service of ours: the ones after it start once the database is ready (see StartupGate).
        services.AddSingleton<StartupGate>();
        services.AddHostedService(sp => sp.GetRequiredService<StartupGate>());
        services.AddSingleton(TimeProvider.System);
        services.AddNewsDb(configuration, builder.Environment.ContentRootPath);

        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            // Public pages carry no antiforgery token (it would make every page uncacheable): posts are
            // refused cross-site by the Origin/Sec-Fetch-Site check instead.
            o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute());
            // A method a page has no handler for (POST to a listing, say) is a 405, not a render without data.
            o.Conventions.ConfigureFilter(new MethodNotAllowedFilter());
            // The newsroom is the opposite: signed-in staff only, every form with an antiforgery token.
            foreach (var folder in new[] { "/Newsroom", "/Moderation" })
            {
                o.Conventions.AuthorizeFolder(folder, Policies.Staff);
                o.Conventions.AddFolderApplicationModelConvention(folder, m => m.Filters.Add(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute()));
            }

            o.Conventions.AllowAnonymousToPage("/Newsroom/Login");
            // The editor's «پیش‌نمایش» of a text not saved yet (a new article has no code to put in the path).
            o.Conventions.AddPageRoute("/Newsroom/Editor/Preview", "newsroom/articles/preview");
        }).ConfigureApplicationPartManager(parts =>
        {
            // No MVC controllers here (pages and minimal APIs only): without the controller feature, building the
            // endpoints at start-up no longer scans every type of the app for one (~20 ms of the main thread).
            parts.FeatureProviders.Remove(parts.FeatureProviders.OfType<Microsoft.AspNetCore.Mvc.Controllers.ControllerFeatureProvider>().Single());
        });
        services.AddNewsroomAuth();
        KeyRingSecret.AddKeyRingProtection(services, configuration, Database.DataDirectory(configuration, builder.Environment.ContentRootPath));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        // Persian text goes out as characters, not &#x...; entities: a third of the bytes, and readable source.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        AddSharedPageStore(services, configuration);
        services.AddSingleton<SiteLists>();
        // The article page's HTML fragments (<cache> in Article.cshtml): bounded, on top of the page cache's own budget.
        services.Configure<Microsoft.AspNetCore.Mvc.TagHelpers.CacheTagHelperOptions>(o => o.SizeLimit = 16 * 1024 * 1024);
        services.AddSingleton<PageCache>();
        services.AddSingleton<ContentChanges>();
        services.AddHostedService<ContentChangeListener>();
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        services.AddHostedService<PageCacheJanitor>();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Khabar API";
            document.Info.Description = "The read API, comments, search and moderation of a Khabar site. Dates are ISO 8601 in UTC with _jalali twins; messages are Persian.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddProblemDetails();

        services.AddSingleton<GeoIp>();
        services.AddSingleton<SiteOrigin>();
        services.AddSingleton<SiteNavigation>();
        services.AddSingleton<CommentRateLimiter>();
        services.AddSingleton<Features.Newsroom.LoginThrottle>();
        services.AddSingleton<ViewCounter>();
        services.AddHostedService<ViewFlusher>();
        services.AddHostedService<DatabaseMaintenance>();
        services.AddScoped<CommentIntake>();
        services.AddScoped<Features.Articles.ArticlePages>();
        services.AddSingleton<Features.Articles.RazorFragments>();
        services.AddSingleton<Features.Articles.ArticleFastPath>();
        services.AddSingleton<CommentWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<CommentWriter>());
        services.AddSingleton<VoteWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<VoteWriter>());
        services.AddSingleton<VoteLimiter>();
        services.AddSingleton<Features.Search.SearchLimiter>();
        services.AddSingleton<Features.Search.ISearchIndex, Features.Search.SqliteSearchIndex>();
        services.AddScoped<ModerationDesk>();
        services.AddScoped<NewsroomUsers>();
        services.AddScoped<Features.Newsroom.Editor.ArticleEditor>();
        services.AddHostedService<Features.Newsroom.Editor.ScheduledPublisher>();
        services.AddHostedService<Features.Newsroom.Editor.MediaJanitor>();
        services.AddSingleton(sp => new Features.Newsroom.Editor.MediaStore(
            Path.Combine(Database.DataDirectory(configuration, builder.Environment.ContentRootPath), "media"),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WordFilter>();
        services.AddSingleton<BlockList>();
        services.AddScoped<ArticleImporter>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<Features.Bench.BenchSeeder>();

        // Last: services registered above (authentication, antiforgery, Razor Pages) add data protection again.
        KeyRingWarmup.ReplaceStartupLoad(services);

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The client is the right-most address that is not a known proxy (loopback is one): read right to left
            // through every proxy, never the left-most entry, which the client writes itself.
            o.ForwardLimit = null;
            foreach (var proxy in configuration.GetSection("Khabar:KnownProxies").Get<string[]>() ?? [])
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
            }
        });
    }

    private static void AddSharedPageStore(IServiceCollection services, ConfigurationManager configuration)
    {
        var settings = configuration.GetSection(KhabarOptions.Section).Get<KhabarOptions>() ?? new KhabarOptions();
        if (!string.Equals(settings.OutputCache.Store, "Redis", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var endpoint = settings.Redis is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException("Khabar:OutputCache:Store is Redis but Khabar:Redis (e.g. 127.0.0.1:6379) is empty.");
        var redis = new Lazy<StackExchange.Redis.IConnectionMultiplexer>(() => StackExchange.Redis.ConnectionMultiplexer.Connect(endpoint));
        services.AddStackExchangeRedisOutputCache(o =>
        {
            o.InstanceName = settings.OutputCache.RedisPrefix;
            o.ConnectionMultiplexerFactory = () => Task.FromResult(redis.Value);
        });
        services.AddSingleton(sp => new SharedPageStore(
            sp.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>(), redis.Value, settings.OutputCache.RedisPrefix));
    }

    /// <summary>
    /// The published wwwroot beside Khabar.dll when the working directory has none, so that
    /// `dotnet OUT/Khabar.dll` serves its assets from any directory; null keeps the default.
    /// </summary>
    public static string? WebRootFallback()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return !Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot")) && Directory.Exists(beside) ? beside : null;
    }

    /// <summary>
    /// appsettings.json beside Khabar.dll, read first (lowest precedence) when the content root has none:
    /// `dotnet OUT/Khabar.dll` run from another directory keeps its defaults.
    /// </summary>
    public static void AddSettingsBesideTheApp(WebApplicationBuilder builder)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")) && File.Exists(beside))
        {
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = "appsettings.json",
                Optional = true,
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
            });
        }
    }

    /// <summary>
    /// What the first article page needs that depends on nothing else — the Persian stem lexicon and Unicode
    /// normalization data (for «اخبار پیشنهادی»), Tehran's time zone — loaded on a thread-pool thread from the
    /// first line of Main: while the host is built one core is mostly idle, and the first reader no longer waits
    /// for them (a start-up trace had the lexicon on that request's path, ~0.1–0.2 s).
    /// </summary>
    public static void PreloadInBackground() => ThreadPool.UnsafeQueueUserWorkItem(static _ =>
    {
        Persian.SearchKey.Preload();
        _ = Persian.Jalali.TehranOffset(DateTime.UnixEpoch);
    }, null);

    /// <summary>
    /// Starts <see cref="PrepareAsync"/> beside the server's own start-up (see <see cref="StartupGate"/>); the warm-up
    /// follows it once the endpoints are mapped (end of <see cref="UseKhabar"/>).
    /// </summary>
    public static void BeginPreparing(this WebApplication app)
    {
        var gate = app.Services.GetRequiredService<StartupGate>();
        gate.Begin(app.PrepareAsync);
        app.Services.GetRequiredService<Features.Articles.ArticleFastPath>().WarmUp =
            WarmStepAsync(app, gate.Ready, f => f.WarmDataAsync(app.Services, app.Lifetime.ApplicationStopping), "data");
    }

    /// <summary>
    /// One step of the start-up warm-up, after the one before it: its queries
    /// (<see cref="Features.Articles.ArticleFastPath.WarmDataAsync"/>) once the database is ready, then the newest
    /// article's page built once (<see cref="Features.Articles.ArticleFastPath.WarmAsync"/>) once the endpoints are
    /// mapped — on the core the rest of start-up leaves free, so the first readers after a restart find EF's queries
    /// compiled and the views rendered once. The server does not wait for it and it never fails the start; readers of
    /// article pages who come meanwhile wait for it (at most 2 s) rather than do the same work beside it.
    /// </summary>
    private static async Task WarmStepAsync(WebApplication app, Task before, Func<Features.Articles.ArticleFastPath, Task> step, string what)
    {
        try
        {
            await before;
            // Off the thread that finished the step before: the host's own start-up may continue on that one.
            await Task.Yield();
            await step(app.Services.GetRequiredService<Features.Articles.ArticleFastPath>());
        }
        catch (Exception e)
        {
            app.Logger.LogWarning(e, "Warming the newest article's {What} at start-up failed; the first reader will do it", what);
        }
    }

    /// <summary>Schema up to date, then demo content into an empty database when Khabar:Demo is on.</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        await Database.MigrateAsync(app.Services);
        await NewsroomAuth.EnsureRolesAsync(app.Services);
        if (app.Services.GetRequiredService<IOptions<KhabarOptions>>().Value.Demo)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(CancellationToken.None);
        }
    }

    public static void UseKhabar(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<KhabarOptions>>().Value;
        // First of all, requests wait while the database is made ready at start-up (a completed task afterwards).
        StartupGate.UseStartupGate(app);
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
        app.Use(https ? SecurityHeadersWithHsts : SecurityHeaders);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        if (options.OutputCache.Enabled)
        {
            app.Use(PageCacheMiddleware.FillAsync);
        }

        Features.Articles.ArticleFastPath.UseArticleFastPath(app);

        app.MapStaticAssets();
        var media = app.Services.GetRequiredService<Features.Newsroom.Editor.MediaStore>();
        Directory.CreateDirectory(media.Root);
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/media",
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(media.Root),
            // Every upload gets a new name, so a file never changes.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
        });
        app.MapRazorPages().WithStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapReadApi();
        app.MapCommentEndpoints();
        app.MapShortLink();
        Features.Feeds.Feeds.MapFeeds(app);
        Features.Feeds.Sitemaps.MapSitemaps(app);
        app.MapModerationApi();
        app.MapEditorApi();
        Features.Search.SearchApi.MapSearchApi(app);
        app.MapOpenApi();
        app.MapServiceStyles();
        // Set before the server listens: the first readers of an article wait for it rather than duplicate it. It
        // follows its data half, begun with the database (BeginPreparing).
        var fastPath = app.Services.GetRequiredService<Features.Articles.ArticleFastPath>();
        fastPath.WarmUp = WarmStepAsync(app, fastPath.WarmUp, f => f.WarmAsync(app.Services, app.Lifetime.ApplicationStopping), "page");
    }

    private const string PublicPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private const string NewsroomPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: https:; " +
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        // No X-Frame-Options: the CSP's frame-ancestors 'none' supersedes it in every browser that honours CSP 2,
        // and each header is paid for on every cached hit.
        // No inline script or style anywhere public: scripts and styles are files, service colours a class
        // (ServiceStyles). The newsroom's editor and date picker (third-party) set style attributes, so there,
        // and only there, style attributes are allowed; scripts stay files.
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/newsroom") ? NewsroomPolicy : PublicPolicy;
        return next(context);
    }

    /// <summary>The same headers and Strict-Transport-Security, when the site's configured address is https.</summary>
    private static Task SecurityHeadersWithHsts(HttpContext context, RequestDelegate next)
    {
        context.Response.Headers.StrictTransportSecurity = "max-age=31536000";
        return SecurityHeaders(context, next);
    }

    private sealed class DatabaseHealthCheck(NewsDb db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database unreachable");
    }
}
