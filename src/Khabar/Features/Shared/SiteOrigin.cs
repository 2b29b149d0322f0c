using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Shared;

/// <summary>
/// The one origin of every absolute URL the site writes (canonical links, Open Graph, JSON-LD, the short link, feeds,
/// sitemaps, robots.txt): <c>Khabar:BaseUrl</c> when set, else the first address the server listens on (a wildcard
/// host read as <c>localhost</c>). Never the request's Host or X-Forwarded-Host: a visitor who sends
/// <c>Host: evil.example</c> gets the same page as everyone, so nothing they send can end up in a cached page.
/// </summary>
public sealed class SiteOrigin(IOptions<KhabarOptions> options, IServer server)
{
    private string? _origin;

    /// <summary>Scheme, host and port, no trailing slash: <c>https://khabar.example</c>.</summary>
    public string Value => _origin ?? Resolve();

    /// <summary>The origin for a request: the same for every request (see the class summary).</summary>
    public static string Of(HttpContext context) => context.RequestServices.GetRequiredService<SiteOrigin>().Value;

    /// <summary>Whether the configured public address is https (then HSTS is sent and cookies are always Secure).</summary>
    public static bool IsConfiguredHttps(KhabarOptions options) =>
        Configured(options)?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The configured base URL, checked once at start-up: an absolute http(s) URL or nothing.</summary>
    public static string? Configured(KhabarOptions options)
    {
        var configured = options.BaseUrl?.Trim();
        if (string.IsNullOrEmpty(configured))
        {
            return null;
        }

        return Uri.TryCreate(configured, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.GetLeftPart(UriPartial.Authority)
            : throw new InvalidOperationException($"Khabar:BaseUrl must be an absolute http(s) URL such as https://khabar.example, not «{configured}».");
    }

    private string Resolve()
    {
        if (Configured(options.Value) is { } configured)
        {
            return _origin = configured;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses.OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? 1 : 0))
        {
            var normalized = address.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
            if (Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && uri.Port != 0)
            {
                // Kept once the server has bound its address (a port 0 is known only after start).
                return _origin = uri.GetLeftPart(UriPartial.Authority);
            }
        }

        // No address known (an in-memory test server): the address a test client uses.
        return "http://localhost";
    }
}
