using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Khabar.Features.Articles;
using Khabar.Features.Feeds;

namespace Khabar.Features.Shared;

/// <summary>
/// Machine-readable descriptions of pages for search engines and social previews: Open Graph values and
/// schema.org JSON-LD. Dates are Gregorian ISO 8601 with the Tehran offset of the instant and ASCII digits.
/// </summary>
public static class Metadata
{
    // Persian stays readable; <, >, & and quotes are still escaped, so the JSON cannot close its <script>.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public sealed record Image(string Url, int? Width, int? Height);

    /// <summary>The lead image in the crops made at upload (16:9, 4:3, 1:1), or as given for an image from elsewhere.</summary>
    public static IReadOnlyList<Image> Images(string origin, string? imageUrl)
    {
        if (string.IsNullOrEmpty(imageUrl))
        {
            return [];
        }

        if (imageUrl.StartsWith("/media/", StringComparison.Ordinal) && imageUrl.EndsWith("-16x9-960.jpg", StringComparison.Ordinal))
        {
            var stem = origin + imageUrl[..^"16x9-960.jpg".Length];
            return [new($"{stem}16x9-960.jpg", 960, 540), new($"{stem}4x3-1200.jpg", 1200, 900), new($"{stem}1x1-1200.jpg", 1200, 1200)];
        }

        return [new(imageUrl.StartsWith('/') ? origin + Urls.Ascii(imageUrl) : imageUrl, null, null)];
    }

    public static string Iso(DateTime utc) => Sitemaps.TehranIso(utc);

    public static string NewsArticle(PublishedArticle a, IReadOnlyList<string> tags, string origin, string site, ArticleParts parts)
    {
        var url = origin + Urls.Ascii(Urls.Article(a.Code, a.Slug));
        var publisher = new Dictionary<string, object>
        {
            ["@type"] = "Organization",
            ["name"] = site,
            ["logo"] = new Dictionary<string, object> { ["@type"] = "ImageObject", ["url"] = origin + "/favicon.svg" },
        };
        var article = new Dictionary<string, object>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = a.Type == Storage.ArticleType.Live ? "LiveBlogPosting" : "NewsArticle",
            ["mainEntityOfPage"] = new Dictionary<string, object> { ["@type"] = "WebPage", ["@id"] = url },
            ["headline"] = a.Title,
            ["description"] = a.Lead,
            ["datePublished"] = Iso(a.PublishedAt),
            ["dateModified"] = Iso(a.Modified),
            ["author"] = parts.Authors.Count == 0
                ? new Dictionary<string, object> { ["@type"] = "Organization", ["name"] = site, ["url"] = origin + "/" }
                : parts.Authors.Select(p => new Dictionary<string, object> { ["@type"] = "Person", ["name"] = p.Name, ["url"] = origin + Urls.Ascii(p.Url) }).ToArray(),
            ["publisher"] = publisher,
            ["articleSection"] = a.ServiceName,
            ["inLanguage"] = "fa-IR",
            ["url"] = url,
        };
        var images = Images(origin, a.ImageUrl);
        if (images.Count > 0)
        {
            article["image"] = images.Select(i => i.Url).ToArray();
        }

        ArticleTypeMetadata.Add(article, a, parts, origin, url);

        if (tags.Count > 0)
        {
            article["keywords"] = string.Join("، ", tags);
        }

        var breadcrumbs = new Dictionary<string, object>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "BreadcrumbList",
            ["itemListElement"] = new object[]
            {
                Crumb(1, site, origin + "/"),
                Crumb(2, a.ServiceName, origin + Urls.Ascii(Urls.Service(a.ServiceSlug))),
                Crumb(3, a.Title, url),
            },
        };
        return JsonSerializer.Serialize(new object[] { article, breadcrumbs }, Json);
    }

    public static string WebSite(string origin, string site) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "WebSite",
        ["name"] = site,
        ["url"] = origin + "/",
        ["inLanguage"] = "fa-IR",
        ["potentialAction"] = new Dictionary<string, object>
        {
            ["@type"] = "SearchAction",
            ["target"] = new Dictionary<string, object> { ["@type"] = "EntryPoint", ["urlTemplate"] = origin + "/search?q={search_term_string}" },
            ["query-input"] = "required name=search_term_string",
        },
    }, Json);

    private static Dictionary<string, object> Crumb(int position, string name, string item) => new()
    {
        ["@type"] = "ListItem",
        ["position"] = position,
        ["name"] = name,
        ["item"] = item,
    };
}
