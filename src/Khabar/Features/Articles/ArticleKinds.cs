using Khabar.Storage;

namespace Khabar.Features.Articles;

/// <summary>How each article type is named to readers and where its listing is.</summary>
public static class ArticleKinds
{
    /// <summary>The label above the title: null for plain news.</summary>
    public static string? Label(ArticleType type, DateTime? liveEndedAt) => type switch
    {
        ArticleType.Live => liveEndedAt is null ? "لحظه به لحظه" : "لحظه به لحظه (پایان‌یافته)",
        ArticleType.Photo => "گزارش تصویری",
        ArticleType.Video => "فیلم",
        _ => null,
    };

    /// <summary>The listing of the type (/photo, /video), or null.</summary>
    public static string? ListingUrl(ArticleType type) => type switch
    {
        ArticleType.Photo => Shared.Urls.Photos,
        ArticleType.Video => Shared.Urls.Videos,
        _ => null,
    };

    /// <summary>The wire name of a type (import and API): news, live, photo, video.</summary>
    public static string WireName(ArticleType type) => type.ToString().ToLowerInvariant();
}
