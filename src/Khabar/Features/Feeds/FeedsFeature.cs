namespace Khabar.Features.Feeds;

/// <summary>RSS and Atom feeds, sitemaps and robots.txt.</summary>
public static class FeedsFeature
{
    public static void MapFeedsAndSitemaps(this WebApplication app)
    {
        app.MapFeeds();
        app.MapSitemaps();
    }
}
