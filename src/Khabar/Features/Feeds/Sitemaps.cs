using System.Globalization;
using System.Text;
using System.Xml;
using Khabar.Features.Articles;
using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Feeds;

/// <summary>
/// Sitemaps for search engines: <c>/sitemap.xml</c> indexes the article sitemaps (50,000 URLs each) and the
/// page sitemap (home, services, tags); <c>/sitemap-news.xml</c> follows the Google News rules (articles of the
/// last 48 hours, at most 1,000, publication date with the Tehran offset of that instant); <c>/robots.txt</c>
/// points at both. Machine dates: W3C/ISO 8601, Gregorian, ASCII digits.
/// </summary>
public static class Sitemaps
{
    public const int UrlsPerFile = 50_000;
    public const int NewsLimit = 1_000;
    public static readonly TimeSpan NewsWindow = TimeSpan.FromHours(48);

    private const string SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string NewsNs = "http://www.google.com/schemas/sitemap-news/0.9";

    public static void MapSitemaps(this IEndpointRouteBuilder app)
    {
        var cached = app.MapGroup("").WithMetadata(new PublicCacheAttribute()).ExcludeFromDescription();
        cached.MapGet("/sitemap.xml", IndexAsync);
        cached.MapGet("/sitemap-pages.xml", PagesAsync);
        cached.MapGet("/sitemap-articles-{number:int}.xml", ArticlesAsync);
        // Not cached: its 48-hour window moves with the clock, and it must hold exactly those articles.
        app.MapGet("/sitemap-news.xml", NewsAsync).ExcludeFromDescription();
        app.MapGet("/robots.txt", Robots).WithMetadata(new PublicCacheAttribute()).ExcludeFromDescription();
    }

    private static IResult Robots(HttpContext http)
    {
        var origin = Feeds.Origin(http);
        var text = $"""
            User-agent: *
            Allow: /
            Disallow: /newsroom
            Disallow: /api/v1/moderation
            Disallow: /search

            Sitemap: {origin}/sitemap.xml
            Sitemap: {origin}/sitemap-news.xml

            """;
        return Results.Text(text.ReplaceLineEndings("\n"), "text/plain; charset=utf-8");
    }

    private static async Task<IResult> IndexAsync(HttpContext http, NewsDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var count = await db.Published(now).CountAsync(ct);
        var newest = await db.Published(now).MaxAsync(a => (DateTime?)a.UpdatedAt, ct);
        var origin = Feeds.Origin(http);
        return Xml(writer =>
        {
            writer.WriteStartElement("sitemapindex", SitemapNs);
            Sitemap(writer, $"{origin}/sitemap-pages.xml", newest);
            for (var file = 1; file <= Math.Max(1, (count + UrlsPerFile - 1) / UrlsPerFile); file++)
            {
                Sitemap(writer, string.Create(CultureInfo.InvariantCulture, $"{origin}/sitemap-articles-{file}.xml"), newest);
            }

            writer.WriteEndElement();
        });
    }

    private static async Task<IResult> ArticlesAsync(int number, HttpContext http, NewsDb db, TimeProvider clock, CancellationToken ct)
    {
        if (number < 1)
        {
            return Results.NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var articles = await db.Published(now).OrderBy(a => a.Id).Skip((number - 1) * UrlsPerFile).Take(UrlsPerFile)
            .Select(a => new { a.Code, a.Slug, a.UpdatedAt, a.PublishedAt }).ToListAsync(ct);
        if (articles.Count == 0 && number > 1)
        {
            return Results.NotFound();
        }

        var origin = Feeds.Origin(http);
        return Xml(writer =>
        {
            writer.WriteStartElement("urlset", SitemapNs);
            foreach (var a in articles)
            {
                Url(writer, origin + Urls.Ascii(Urls.Article(a.Code, a.Slug)), Later(a.UpdatedAt, a.PublishedAt!.Value));
            }

            writer.WriteEndElement();
        });
    }

    private static async Task<IResult> PagesAsync(HttpContext http, NewsDb db, TimeProvider clock, SiteNavigation navigation, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var published = db.Published(now);
        var lastByService = await published.GroupBy(a => a.ServiceId).Select(g => new { g.Key, Last = g.Max(a => a.PublishedAt) }).ToListAsync(ct);
        var slugs = (await navigation.ServicesAsync(ct)).ToDictionary(s => s.Id, s => s.Slug);
        var services = lastByService.Where(s => slugs.ContainsKey(s.Key)).Select(s => new { Slug = slugs[s.Key], s.Last }).ToList();
        var tags = await db.Tags.AsNoTracking()
            .Select(t => new { t.Name, Last = t.Articles.Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now).Max(a => a.PublishedAt) })
            .Where(t => t.Last != null).ToListAsync(ct);
        var newest = services.Count > 0 ? services.Max(s => s.Last) : null;
        var origin = Feeds.Origin(http);
        return Xml(writer =>
        {
            writer.WriteStartElement("urlset", SitemapNs);
            Url(writer, origin + "/", newest);
            foreach (var s in services.OrderBy(s => s.Slug, StringComparer.Ordinal))
            {
                Url(writer, origin + Urls.Ascii(Urls.Service(s.Slug)), s.Last);
            }

            foreach (var t in tags.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                Url(writer, origin + Urls.Ascii(Urls.Tag(t.Name)), t.Last);
            }

            writer.WriteEndElement();
        });
    }

    private static async Task<IResult> NewsAsync(HttpContext http, NewsDb db, TimeProvider clock, IOptions<KhabarOptions> options, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - NewsWindow;
        var articles = await db.Published(now).Where(a => a.PublishedAt >= since).Newest().Take(NewsLimit)
            .Select(a => new { a.Code, a.Slug, a.Title, a.PublishedAt }).ToListAsync(ct);
        var origin = Feeds.Origin(http);
        var site = options.Value.SiteName;
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Xml(writer =>
        {
            writer.WriteStartElement("urlset", SitemapNs);
            writer.WriteAttributeString("xmlns", "news", null, NewsNs);
            foreach (var a in articles)
            {
                writer.WriteStartElement("url", SitemapNs);
                writer.WriteElementString("loc", SitemapNs, origin + Urls.Ascii(Urls.Article(a.Code, a.Slug)));
                writer.WriteStartElement("news", NewsNs);
                writer.WriteStartElement("publication", NewsNs);
                writer.WriteElementString("name", NewsNs, site);
                writer.WriteElementString("language", NewsNs, "fa");
                writer.WriteEndElement();
                writer.WriteElementString("publication_date", NewsNs, TehranIso(a.PublishedAt!.Value));
                writer.WriteElementString("title", NewsNs, a.Title);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    /// <summary>ISO 8601 in Tehran time with the offset valid at that instant (+03:30, or +04:30 before 2022).</summary>
    public static string TehranIso(DateTime utc)
    {
        var instant = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return TimeZoneInfo.ConvertTime(instant, Jalali.Tehran).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    private static void Sitemap(XmlWriter writer, string loc, DateTime? lastModified)
    {
        writer.WriteStartElement("sitemap", SitemapNs);
        writer.WriteElementString("loc", SitemapNs, loc);
        if (lastModified is { } last)
        {
            writer.WriteElementString("lastmod", SitemapNs, W3C(last));
        }

        writer.WriteEndElement();
    }

    private static void Url(XmlWriter writer, string loc, DateTime? lastModified)
    {
        writer.WriteStartElement("url", SitemapNs);
        writer.WriteElementString("loc", SitemapNs, loc);
        if (lastModified is { } last)
        {
            writer.WriteElementString("lastmod", SitemapNs, W3C(last));
        }

        writer.WriteEndElement();
    }

    /// <summary>W3C datetime in UTC, e.g. 2024-01-10T10:00:00Z.</summary>
    public static string W3C(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static IResult Xml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        return Results.Bytes(buffer.ToArray(), "application/xml; charset=utf-8");
    }
}
