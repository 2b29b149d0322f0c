using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Khabar.Features.Newsroom;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Khabar.Hosting;

/// <summary>The web host's own settings: Razor Pages and their conventions, JSON, encoders, proxies, OpenAPI, health.</summary>
public static class WebHost
{
    public static void AddWebHost(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.Configure<KhabarOptions>(configuration.GetSection(KhabarOptions.Section));
        // Behind https (Khabar:BaseUrl): every cookie Secure, whatever the proxy tells about the request's scheme.
        var secure = SiteOrigin.IsConfiguredHttps(configuration.GetSection(KhabarOptions.Section).Get<KhabarOptions>() ?? new KhabarOptions());
        services.Configure<CookiePolicyOptions>(o => o.Secure = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        AddPages(services);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        // Persian text goes out as characters, not &#x...; entities: a third of the bytes, and readable source.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Khabar API";
            document.Info.Description = "The read API, comments, search and moderation of a Khabar site. Dates are ISO 8601 in UTC with _jalali twins; messages are Persian.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddProblemDetails();
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

    private static void AddPages(IServiceCollection services) => services.AddRazorPages(o =>
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

    private sealed class DatabaseHealthCheck(NewsDb db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database unreachable");
    }
}
