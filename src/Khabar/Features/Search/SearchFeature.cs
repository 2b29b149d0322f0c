namespace Khabar.Features.Search;

/// <summary>The search index (SQLite FTS5 over Persian search keys), its limit per address, and the search API.</summary>
public static class SearchFeature
{
    public static void AddSearch(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SearchLimiter>();
        builder.Services.AddSingleton<ISearchIndex, SqliteSearchIndex>();
    }

    public static void MapSearch(this WebApplication app) => app.MapSearchApi();
}
