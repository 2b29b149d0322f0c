using System.ServiceModel.Syndication;
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
/// RSS 2.0 and Atom 1.0 feeds of the newest published articles: the whole site, a service, a tag.
/// Written by System.ServiceModel.Syndication; every date Gregorian with ASCII digits (RFC 822 in RSS,
/// RFC 3339 in Atom); links absolute and percent-encoded; cached by the page cache and evicted on publish.
/// </summary>
public static class Feeds
{
    public const int ItemCount = 30;

    private sealed record FeedItem(
        int Id, long Code, string Slug, string Title, string Lead, string? ImageUrl, DateTime PublishedAt, DateTime UpdatedAt, string ServiceName,
        DateTime? CorrectedAt, ArticleType Type, string? VideoUrl)
    {
        /// <summary>Where the item stands in the feed: a correction lists it again at its date.</summary>
        public DateTime Listed => CorrectedAt > PublishedAt ? CorrectedAt.Value : PublishedAt;

        public IReadOnlyList<string> Photos { get; set; } = [];
    }

    private enum Format
    {
        Rss,
        Atom,
    }

    public static void MapFeeds(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("").ExcludeFromDescription();
        var site = new PublicCacheAttribute { Tags = [CacheTags.Feeds] };
        var service = new PublicCacheAttribute { Tags = [CacheTags.Feeds, CacheTags.ServiceOfRoute] };
        var tag = new PublicCacheAttribute { Tags = [CacheTags.Feeds, CacheTags.TagOfRoute] };
        feeds.MapGet("/rss", (HttpContext http, NewsDb db, CancellationToken ct) => SiteAsync(http, db, Format.Rss, ct)).WithMetadata(site);
        feeds.MapGet("/atom", (HttpContext http, NewsDb db, CancellationToken ct) => SiteAsync(http, db, Format.Atom, ct)).WithMetadata(site);
        feeds.MapGet("/service/{slug}/rss", (string slug, HttpContext http, NewsDb db, CancellationToken ct) => ServiceAsync(slug, http, db, Format.Rss, ct)).WithMetadata(service);
        feeds.MapGet("/service/{slug}/atom", (string slug, HttpContext http, NewsDb db, CancellationToken ct) => ServiceAsync(slug, http, db, Format.Atom, ct)).WithMetadata(service);
        feeds.MapGet("/tag/{name}/rss", (string name, HttpContext http, NewsDb db, CancellationToken ct) => TagAsync(name, http, db, Format.Rss, ct)).WithMetadata(tag);
        feeds.MapGet("/tag/{name}/atom", (string name, HttpContext http, NewsDb db, CancellationToken ct) => TagAsync(name, http, db, Format.Atom, ct)).WithMetadata(tag);
        feeds.MapGet("/author/{slug}/rss", (string slug, HttpContext http, NewsDb db, CancellationToken ct) => AuthorAsync(slug, http, db, Format.Rss, ct)).WithMetadata(site);
        feeds.MapGet("/author/{slug}/atom", (string slug, HttpContext http, NewsDb db, CancellationToken ct) => AuthorAsync(slug, http, db, Format.Atom, ct)).WithMetadata(site);
    }

    private static async Task<IResult> SiteAsync(HttpContext http, NewsDb db, Format format, CancellationToken ct)
    {
        var site = SiteName(http);
        var items = await ItemsAsync(db, http, q => q, ct);
        return Write(http, format, site, $"تازه‌ترین اخبار {site}", "/", format == Format.Rss ? "/rss" : "/atom", items);
    }

    private static async Task<IResult> ServiceAsync(string slug, HttpContext http, NewsDb db, Format format, CancellationToken ct)
    {
        var service = await db.Services.AsNoTracking().Where(s => s.Slug == slug).Select(s => new { s.Id, s.Slug, s.Name }).FirstOrDefaultAsync(ct);
        if (service is null)
        {
            return Results.NotFound();
        }

        var items = await ItemsAsync(db, http, q => q.Where(a => a.ServiceId == service.Id), ct);
        var site = SiteName(http);
        var page = Urls.Service(service.Slug);
        return Write(http, format, $"{site} - {service.Name}", $"تازه‌ترین اخبار {service.Name} در {site}", page, $"{page}/{Suffix(format)}", items);
    }

    private static async Task<IResult> TagAsync(string name, HttpContext http, NewsDb db, Format format, CancellationToken ct)
    {
        var key = PersianText.NormalizeLine(name);
        var tag = await db.Tags.AsNoTracking().Where(t => t.Name == key).Select(t => new { t.Id, t.Name }).FirstOrDefaultAsync(ct);
        if (tag is null)
        {
            return Results.NotFound();
        }

        var page = Urls.Tag(tag.Name);
        if (tag.Name != name)
        {
            return Results.LocalRedirect(Urls.Ascii($"{page}/{Suffix(format)}"), permanent: true);
        }

        var items = await ItemsAsync(db, http, q => q.Where(a => a.Tags.Any(t => t.Id == tag.Id)), ct);
        var site = SiteName(http);
        return Write(http, format, $"{site} - {tag.Name}", $"اخبار با برچسب «{tag.Name}» در {site}", page, $"{page}/{Suffix(format)}", items);
    }

    private static async Task<IResult> AuthorAsync(string slug, HttpContext http, NewsDb db, Format format, CancellationToken ct)
    {
        var author = await db.Authors.AsNoTracking().Where(a => a.Slug == slug).Select(a => new { a.Id, a.Name, a.Slug }).FirstOrDefaultAsync(ct);
        if (author is null)
        {
            return Results.NotFound();
        }

        var items = await ItemsAsync(db, http, q => q.Where(a => db.Bylines.Any(b => b.ArticleId == a.Id && b.AuthorId == author.Id)), ct);
        var site = SiteName(http);
        var page = Urls.Author(author.Slug);
        return Write(http, format, $"{site} - {author.Name}", $"اخبار و گزارش‌های {author.Name} در {site}", page, $"{page}/{Suffix(format)}", items);
    }

    private static string Suffix(Format format) => format == Format.Rss ? "rss" : "atom";

    private static string SiteName(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<KhabarOptions>>().Value.SiteName;

    /// <summary>
    /// The newest items: the newest by publication and the newest corrected (a correction lists an article again at its
    /// date, so readers see it), merged — two reads on their own indexes. A photo report's photos come with it.
    /// </summary>
    private static async Task<List<FeedItem>> ItemsAsync(NewsDb db, HttpContext http, Func<IQueryable<Article>, IQueryable<Article>> filter, CancellationToken ct)
    {
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var newest = await Project(filter(db.Published(now)).Newest().Take(ItemCount)).ToListAsync(ct);
        var corrected = await Project(filter(db.Published(now)).Where(a => a.CorrectedAt != null && a.CorrectedAt <= now)
            .OrderByDescending(a => a.CorrectedAt).Take(ItemCount)).ToListAsync(ct);
        var items = newest.Concat(corrected).DistinctBy(i => i.Id).OrderByDescending(i => i.Listed).ThenByDescending(i => i.Id).Take(ItemCount).ToList();
        var reports = items.Where(i => i.Type == ArticleType.Photo).Select(i => i.Id).ToList();
        if (reports.Count > 0)
        {
            var photos = await db.ArticlePhotos.AsNoTracking().Where(p => reports.Contains(p.ArticleId)).OrderBy(p => p.Position)
                .Select(p => new { p.ArticleId, p.ImageUrl }).ToListAsync(ct);
            foreach (var item in items.Where(i => i.Type == ArticleType.Photo))
            {
                item.Photos = [.. photos.Where(p => p.ArticleId == item.Id).Select(p => p.ImageUrl)];
            }
        }

        return items;
    }

    private static IQueryable<FeedItem> Project(IQueryable<Article> articles) => articles.Select(a => new FeedItem(
        a.Id, a.Code, a.Slug, a.Title, a.Lead, a.ImageUrl, a.PublishedAt!.Value, a.UpdatedAt, a.Service!.Name, a.CorrectedAt, a.Type, a.VideoUrl));

    private static IResult Write(HttpContext http, Format format, string title, string description, string pagePath, string selfPath, List<FeedItem> items)
    {
        var origin = Origin(http);
        var feed = new SyndicationFeed(title, description, new Uri(origin + Urls.Ascii(pagePath)))
        {
            Language = "fa",
            Id = origin + Urls.Ascii(pagePath),
            LastUpdatedTime = items.Count > 0 ? Utc(items.Max(i => i.UpdatedAt > i.Listed ? i.UpdatedAt : i.Listed)) : DateTimeOffset.UnixEpoch,
            Generator = "Khabar",
        };
        feed.Authors.Add(new SyndicationPerson { Name = SiteName(http) });
        feed.Links.Add(new SyndicationLink(new Uri(origin + Urls.Ascii(selfPath)), "self",
            null, format == Format.Rss ? "application/rss+xml" : "application/atom+xml", 0));
        var media = http.RequestServices.GetRequiredService<Newsroom.Editor.MediaStore>();
        feed.Items = items.Select(i => Item(i, origin, media, format)).ToList();

        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            if (format == Format.Rss)
            {
                // The Atom namespace carries the self link (atom:link rel="self"), as feed validators ask.
                new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: true).WriteTo(writer);
            }
            else
            {
                new Atom10FeedFormatter(feed).WriteTo(writer);
            }
        }

        var type = format == Format.Rss ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8";
        return Results.Bytes(buffer.ToArray(), type);
    }

    private static SyndicationItem Item(FeedItem item, string origin, Newsroom.Editor.MediaStore media, Format format)
    {
        var link = origin + Urls.Ascii(Urls.Article(item.Code, item.Slug));
        var entry = new SyndicationItem
        {
            Title = new TextSyndicationContent(item.Title),
            Summary = new TextSyndicationContent(item.Lead), // RSS <description>, Atom <summary>
            Id = link,
            PublishDate = Utc(item.PublishedAt),
            LastUpdatedTime = Utc(item.UpdatedAt > item.PublishedAt ? item.UpdatedAt : item.PublishedAt),
        };
        entry.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(link)));
        entry.Categories.Add(new SyndicationCategory(item.ServiceName));

        // Enclosures: a video file first (what a podcast-style reader plays), then the picture; RSS readers take one
        // enclosure an item, so RSS carries the first only and Atom every photo of a photo report.
        var enclosures = new List<(string Url, string Type)>();
        if (item.VideoUrl is { } video && Articles.VideoSource.FileType(video) is { } videoType)
        {
            enclosures.Add((video, videoType));
        }

        enclosures.AddRange((item.Photos.Count > 0 ? item.Photos : item.ImageUrl is { Length: > 0 } image ? [image] : []).Select(p => (p, MediaType(p))));
        foreach (var (url, type) in enclosures.Take(format == Format.Rss ? 1 : 50))
        {
            var absolute = url.StartsWith('/') ? origin + Urls.Ascii(url) : url;
            if (Uri.TryCreate(absolute, UriKind.Absolute, out var uri))
            {
                entry.Links.Add(SyndicationLink.CreateMediaEnclosureLink(uri, type, media.LengthOf(url)));
            }
        }

        return entry;
    }

    private static string MediaType(string url) => Path.GetExtension(url.Split('?')[0]).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".svg" => "image/svg+xml",
        ".gif" => "image/gif",
        _ => "image/jpeg",
    };

    private static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>The site's one origin (<see cref="SiteOrigin"/>): never the request's Host.</summary>
    public static string Origin(HttpContext http) => SiteOrigin.Of(http);
}
