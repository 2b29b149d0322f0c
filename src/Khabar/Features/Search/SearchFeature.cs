namespace Khabar.Features.Search;

/// <summary>The search index (SQLite FTS5 or PostgreSQL tsvector, over Persian search keys), its limit per address, and the search API.</summary>
public static class SearchFeature
{
    public static void AddSearch(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SearchLimiter>();
        builder.Services.AddHostedService<SearchKeyUpgrade>();
        if (Storage.Database.IsPostgres(builder.Configuration))
        {
            builder.Services.AddSingleton<ISearchIndex, PostgresSearchIndex>();
        }
        else
        {
            builder.Services.AddSingleton<ISearchIndex, SqliteSearchIndex>();
        }
    }

    public static void MapSearch(this WebApplication app) => app.MapSearchApi();
}
