using Khabar.Features.Api;

namespace Khabar.Features.Articles;

/// <summary>The article page (its data, its one definition, its fast path and warm-up) and short links.</summary>
public static class ArticlesFeature
{
    public static void AddArticles(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ArticlePageReader>();
        builder.Services.AddSingleton<ArticleDocument>();
        builder.Services.AddSingleton<ArticleWarmUp>();
        builder.Services.AddSingleton<BreakingNews>();
    }

    public static void MapArticles(this WebApplication app)
    {
        app.MapShortLink();
        app.MapReadApi();
    }
}
