using Khabar.Features.Articles;
using Khabar.Storage;

namespace Khabar.Features.Shared;

/// <summary>
/// The schema.org of what an article has besides its text: a source, corrections (<c>CorrectionComment</c>), a live
/// article's coverage and updates (<c>LiveBlogPosting</c>), a photo report's photos (<c>ImageObject</c>), a video (<c>VideoObject</c>).
/// </summary>
public static class ArticleTypeMetadata
{
    /// <summary>While coverage goes on, its expected end: a day after its newest entry (it moves with each entry).</summary>
    public static readonly TimeSpan ExpectedCoverage = TimeSpan.FromDays(1);

    public static void Add(Dictionary<string, object> article, PublishedArticle a, ArticleParts parts, string origin, string url)
    {
        if (!string.IsNullOrWhiteSpace(a.Source))
        {
            article["sourceOrganization"] = new Dictionary<string, object> { ["@type"] = "Organization", ["name"] = a.Source };
        }

        if (parts.Corrections.Count > 0)
        {
            article["correction"] = parts.Corrections.Select(c => new Dictionary<string, object>
            {
                ["@type"] = "CorrectionComment",
                ["text"] = c.Text,
                ["datePublished"] = Metadata.Iso(c.At),
            }).ToArray();
        }

        switch (a.Type)
        {
            case ArticleType.Live:
                var first = parts.Live.Count == 0 ? a.PublishedAt : parts.Live.Min(e => e.At);
                var start = first < a.PublishedAt ? first : a.PublishedAt;
                var last = parts.Live.Count == 0 ? start : parts.Live.Max(e => e.At);
                article["coverageStartTime"] = Metadata.Iso(start);
                article["coverageEndTime"] = Metadata.Iso(a.LiveEndedAt ?? last + ExpectedCoverage);
                article["liveBlogUpdate"] = parts.Live.Select(e => Update(e, origin, url)).ToArray();
                break;
            case ArticleType.Photo when parts.Photos.Count > 0:
                article["image"] = parts.Photos.Select(p => Photo(p, origin)).ToArray();
                break;
            case ArticleType.Video when a.VideoUrl is { } video:
                var poster = a.VideoPoster ?? a.ImageUrl;
                var videoObject = new Dictionary<string, object>
                {
                    ["@type"] = "VideoObject",
                    ["name"] = a.Title,
                    ["description"] = a.Lead.Length > 0 ? a.Lead : a.Title,
                    ["uploadDate"] = Metadata.Iso(a.PublishedAt),
                    [VideoSource.IsEmbed(video) ? "embedUrl" : "contentUrl"] = Absolute(video, origin),
                };
                if (poster is not null)
                {
                    videoObject["thumbnailUrl"] = Absolute(poster, origin);
                }

                if (VideoSource.FileType(video) is { } type)
                {
                    videoObject["encodingFormat"] = type;
                }

                article["video"] = videoObject;
                break;
        }
    }

    private static Dictionary<string, object> Update(LiveEntryView e, string origin, string url)
    {
        var text = BodyHtml.ToPlainText(e.Text).Trim();
        var update = new Dictionary<string, object>
        {
            ["@type"] = "BlogPosting",
            ["headline"] = text.Length > 110 ? text[..109].TrimEnd() + "…" : text,
            ["articleBody"] = text,
            ["datePublished"] = Metadata.Iso(e.At),
            ["url"] = url + "#live-" + e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (e.ImageUrl is not null)
        {
            update["image"] = Absolute(e.ImageUrl, origin);
        }

        return update;
    }

    private static Dictionary<string, object> Photo(PhotoView p, string origin)
    {
        var photo = new Dictionary<string, object>
        {
            ["@type"] = "ImageObject",
            ["contentUrl"] = Absolute(p.ImageUrl, origin),
            ["url"] = Absolute(p.ImageUrl, origin),
        };
        if (p.Caption.Length > 0)
        {
            photo["caption"] = p.Caption;
        }

        if (p.Credit.Length > 0)
        {
            photo["creditText"] = p.Credit;
        }

        if (Metadata.Images(origin, p.ImageUrl) is [{ Width: { } width, Height: { } height }, ..])
        {
            photo["width"] = width;
            photo["height"] = height;
        }

        return photo;
    }

    private static string Absolute(string address, string origin) => address.StartsWith('/') ? origin + Urls.Ascii(address) : address;
}
