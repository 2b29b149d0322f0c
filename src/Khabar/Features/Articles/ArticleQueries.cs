using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

using Khabar.Features.Shared;

namespace Khabar.Features.Articles;

/// <summary>An article as listed: enough for a teaser, nothing more.</summary>
public sealed record ArticleCard(
    long Code, string Slug, string Rotitr, string Title, string Lead, string? ImageUrl, DateTime PublishedAt,
    string ServiceSlug, string ServiceName, string ServiceColor, ArticleType Type = ArticleType.News)
{
    public string Url => Urls.Article(Code, Slug);
}

/// <summary>Queries shared by the reader pages and the read API; all no-tracking projections.</summary>
public static class ArticleQueries
{
    public const int PageSize = 20;

    public static IQueryable<Article> Published(this NewsDb db, DateTime now) =>
        db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now);

    public static IQueryable<ArticleCard> ToCards(this IQueryable<Article> articles) =>
        articles.Select(a => new ArticleCard(
            a.Code, a.Slug, a.Rotitr, a.Title, a.Lead, a.ImageUrl, a.PublishedAt!.Value,
            a.Service!.Slug, a.Service.Name, a.Service.Color, a.Type));

    public static IQueryable<Article> Newest(this IQueryable<Article> articles) =>
        articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id); // the (Status, PublishedAt) index, read backwards

    /// <summary>An article as its page shows it: one projection for the reader page, print and preview.</summary>
    public static IQueryable<PublishedArticle> ToViews(this IQueryable<Article> articles) =>
        articles.Select(a => new PublishedArticle(
            a.Id, a.Code, a.Slug, a.Rotitr, a.Title, a.Lead, a.BodyHtml, a.ImageUrl, a.ImageCaption, a.Source,
            a.PublishedAt ?? a.UpdatedAt, a.UpdatedAt, a.ServiceId, a.Service!.Slug, a.Service.Name, a.Service.Color,
            a.Type, a.LiveEndedAt, a.VideoUrl, a.VideoPoster, a.Bylines.Any(), a.CorrectedAt != null));

    /// <summary>One page of a listing, newest first, with its pager.</summary>
    public static async Task<(List<ArticleCard> Cards, Pager Pager)> PageAsync(
        this IQueryable<Article> articles, int page, string basePath, string? extraQuery, CancellationToken ct)
    {
        var pager = new Pager(page, await articles.CountAsync(ct), PageSize, basePath, extraQuery);
        var cards = await articles.Newest().Skip((page - 1) * PageSize).Take(PageSize).ToCards().ToListAsync(ct);
        return (cards, pager);
    }

    public static Task<List<ArticleCard>> LatestAsync(NewsDb db, DateTime now, int take, CancellationToken ct) =>
        db.Published(now).Newest().Take(take).ToCards().ToListAsync(ct);

    /// <summary>The most read of the last two weeks.</summary>
    public static Task<List<ArticleCard>> MostViewedAsync(NewsDb db, DateTime now, int take, CancellationToken ct)
    {
        var since = now.AddDays(-14);
        return db.Published(now).Where(a => a.PublishedAt >= since)
            .OrderByDescending(a => a.ViewCount).ThenByDescending(a => a.PublishedAt)
            .Take(take).ToCards().ToListAsync(ct);
    }

    /// <summary>«پربحث‌ترین»: the articles with the most comments published in the last 48 hours (by when they were written).</summary>
    public static async Task<List<ArticleCard>> MostDiscussedAsync(NewsDb db, DateTime now, int take, CancellationToken ct)
    {
        var since = now.AddHours(-48);
        var counts = await db.Comments.AsNoTracking().Where(c => c.Status == CommentStatus.Published && c.CreatedAt >= since && c.CreatedAt <= now)
            .GroupBy(c => c.ArticleId).Select(g => new { Id = g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count).ThenByDescending(g => g.Id).Take(take * 2).ToListAsync(ct);
        var ids = counts.Select(c => c.Id).ToList();
        var cards = await db.Published(now).Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, Card = new ArticleCard(
            a.Code, a.Slug, a.Rotitr, a.Title, a.Lead, a.ImageUrl, a.PublishedAt!.Value, a.Service!.Slug, a.Service.Name, a.Service.Color, a.Type) })
            .ToListAsync(ct);
        return [.. counts.Select(c => cards.FirstOrDefault(x => x.Id == c.Id)?.Card).OfType<ArticleCard>().Take(take)];
    }

    /// <summary>
    /// Suggested news: articles sharing the most tags with this one, then the same service, newest first.
    /// (Search-based similarity replaces this with the search issue.)
    /// </summary>
    public static async Task<List<ArticleCard>> SuggestedAsync(
        NewsDb db, int articleId, int serviceId, DateTime now, int take, CancellationToken ct)
    {
        var tagIds = await db.Articles.AsNoTracking().Where(a => a.Id == articleId)
            .SelectMany(a => a.Tags.Select(t => t.Id)).ToListAsync(ct);
        var byTags = await db.Published(now)
            .Where(a => a.Id != articleId && a.Tags.Any(t => tagIds.Contains(t.Id)))
            .OrderByDescending(a => a.Tags.Count(t => tagIds.Contains(t.Id)))
            .ThenByDescending(a => a.ServiceId == serviceId)
            .ThenByDescending(a => a.PublishedAt)
            .Take(take).ToCards().ToListAsync(ct);
        if (byTags.Count >= take)
        {
            return byTags;
        }

        var have = byTags.Select(c => c.Code).ToList();
        var byService = await db.Published(now)
            .Where(a => a.Id != articleId && a.ServiceId == serviceId && !have.Contains(a.Code))
            .Newest().Take(take - byTags.Count).ToCards().ToListAsync(ct);
        return [.. byTags, .. byService];
    }
}
