using System.Globalization;

namespace Khabar.Features.Shared;

/// <summary>Output-cache tags: each write evicts exactly the tags it touches.</summary>
public static class CacheTags
{
    public const string Home = "home";

    public const string Feeds = "feeds";

    public static string Article(long code) => "article:" + code.ToString(CultureInfo.InvariantCulture);

    public static string Service(string slug) => "service:" + slug;

    public static string Tag(string name) => "tag:" + name;
}
