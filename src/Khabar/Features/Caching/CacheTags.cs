using System.Globalization;

namespace Khabar.Features.Caching;

/// <summary>
/// Page-cache tags: what a cached response shows. Endpoints declare theirs (<see cref="PublicCacheAttribute.Tags"/>,
/// with the templates below); the change bus (<see cref="Shared.ContentChanges"/>) evicts them.
/// </summary>
public static class CacheTags
{
    /// <summary>Every public page shows the latest news, so every page carries this tag too.</summary>
    public const string All = "public";

    public const string Home = "home";

    public const string Feeds = "feeds";

    /// <summary>Search results (the page and the API): a story's live entries and captions are searched too.</summary>
    public const string Search = "search";

    /// <summary>A page of one article (the page, its print view, its API answers), from the route's <c>code</c>.</summary>
    public const string ArticleOfRoute = "article:{code}";

    /// <summary>A service's listing and feed, from the route's <c>slug</c>.</summary>
    public const string ServiceOfRoute = "service:{slug}";

    /// <summary>A tag's listing and feed, from the route's <c>name</c>.</summary>
    public const string TagOfRoute = "tag:{name}";

    public static string Article(long code) => "article:" + code.ToString(CultureInfo.InvariantCulture);

    public static string Service(string slug) => "service:" + slug;

    public static string Tag(string name) => "tag:" + name;
}
