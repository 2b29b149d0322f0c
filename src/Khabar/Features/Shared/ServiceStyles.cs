using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Khabar.Features.Caching;

namespace Khabar.Features.Shared;

/// <summary>
/// Each service's colour as a class (<c>svc-{id}</c>) in a small stylesheet, /css/services.css?v={version}, so
/// that public pages need no style attribute and their Content-Security-Policy allows no inline style at all.
/// The version changes with the colours; the file is cached for a year under each version.
/// </summary>
public static partial class ServiceStyles
{
    public const string Path = "/css/services.css";

    [GeneratedRegex("^#[0-9a-fA-F]{3,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex HexColor();

    public static string Class(int serviceId) => string.Create(CultureInfo.InvariantCulture, $"svc-{serviceId}");

    public static string Css(IReadOnlyList<ServiceLink> services)
    {
        var sb = new StringBuilder();
        foreach (var s in services)
        {
            // Only a hex colour reaches the stylesheet: nothing an editor types can close the rule.
            if (HexColor().IsMatch(s.Color))
            {
                sb.Append(CultureInfo.InvariantCulture, $".svc-{s.Id}{{--service:{s.Color}}}\n");
            }
        }

        return sb.ToString();
    }

    public static string Url(IReadOnlyList<ServiceLink> services) =>
        Path + "?v=" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Css(services))))[..12];

    public static void MapServiceStyles(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, async (HttpContext http, SiteNavigation navigation, CancellationToken ct) =>
        {
            var css = Css(await navigation.ServicesAsync(ct));
            if (http.Request.Query.ContainsKey("v"))
            {
                http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            }

            return Results.Text(css, "text/css; charset=utf-8");
        }).WithMetadata(new PublicCacheAttribute("v")).ExcludeFromDescription();
}
