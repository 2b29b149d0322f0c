using System.Globalization;

namespace Khabar.Features.Shared;

/// <summary>Output-cache tags: each write evicts exactly the tags it touches.</summary>
public static class CacheTags
{
    public const string Home = "home";

    public const string Feeds = "feeds";

    public static string Article(long code) => "article:" + code.ToString(CultureInfo.InvariantCulture);

    /// <summary>The news code in an <c>article:{code}</c> tag, or null for any other tag.</summary>
    public static long? ArticleCode(string tag) =>
        tag.StartsWith("article:", StringComparison.Ordinal)
        && long.TryParse(tag.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;

    public static string Service(string slug) => "service:" + slug;

    public static string Tag(string name) => "tag:" + name;
}
