using Khabar.Persian;
using System.Globalization;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Articles;

/// <summary>
/// Everything an article page shows besides the form, and the keys of its fragments: each key is made of the
/// stamps of the data behind the fragment (<see cref="SiteDataCache.Stamped"/>), so new data means a new key.
/// </summary>
public sealed record ArticlePageContent(
    PublishedArticle Article, IReadOnlyList<string> Tags, CommentCounts Counts, IReadOnlyList<CommentView> Comments,
    IReadOnlyList<ArticleCard> Suggested, IReadOnlyList<ArticleCard> Latest, IReadOnlyList<ArticleCard> MostViewed,
    IReadOnlyList<ArticleCard> MostDiscussed, ArticleParts Parts, string ArticleKey, string CommentsKey, string ListsKey, JalaliDate Today)
{
    /// <summary>The models of the page's partial views, for the Razor page and the fast path alike.</summary>
    public ArticleMetaView Meta(string origin, string site) => new(Article, Tags, origin, site, Parts);

    public ArticleMainView Main(string shortUrl) => new(new ArticleBodyView(Article, Tags, shortUrl, Parts), Suggested);

    public CommentsView CommentList => new(Counts, Comments);

    public ArticleAsideView Aside => new(Latest, MostViewed, MostDiscussed, Today);
}

/// <summary>
/// The data of the article page, for the Razor page and for <see cref="ArticleFastPath"/> alike: read through
/// <see cref="SiteDataCache"/>, so a warm page opens no database connection.
/// </summary>
public sealed class ArticlePageReader(NewsDb db, SiteDataCache lists, Search.ISearchIndex search)
{
    /// <summary>The published article and its tags, or null.</summary>
    public async ValueTask<SiteDataCache.ArticleData?> ArticleAsync(long code, DateTime now, CancellationToken ct) =>
        await lists.PublishedArticleAsync(db, code, now, ct);

    public async ValueTask<ArticlePageContent> PageAsync(SiteDataCache.ArticleData data, DateTime now, CancellationToken ct)
    {
        var article = data.Article;
        var comments = await lists.CommentsAsync(article.Code, async () =>
            new SiteDataCache.ArticleComments(await CountCommentsAsync(article.Id, ct), await PublishedCommentsAsync(article.Id, ct)));
        var suggested = await lists.SuggestedAsync(article.Id, () => SuggestedAsync(article, data.Tags, now, ct));
        var shared = await lists.GetAsync(db, now, ct);
        return new ArticlePageContent(
            article, data.Tags, comments.Counts, comments.Comments, suggested.Cards, [.. shared.Latest.Take(8)], [.. shared.MostViewed.Take(5)],
            [.. shared.MostDiscussed.Take(5)], data.Parts,
            string.Create(CultureInfo.InvariantCulture, $"{article.Code}:{data.Stamp}:{suggested.Stamp}"),
            string.Create(CultureInfo.InvariantCulture, $"{article.Code}:{comments.Stamp}"),
            // The day is part of the key: «آخرین اخبار» gives earlier days' items their date, so it changes at midnight.
            string.Create(CultureInfo.InvariantCulture, $"{shared.Stamp}:{Jalali.DateOf(now)}"), Jalali.DateOf(now));
    }

    /// <summary>«اخبار پیشنهادی»: the most similar articles by key terms; shared tags and service when the index finds none.</summary>
    private async Task<IReadOnlyList<ArticleCard>> SuggestedAsync(PublishedArticle article, IReadOnlyList<string> tags, DateTime now, CancellationToken ct)
    {
        var terms = Search.KeyTerms.Of(article.Title, article.Rotitr, article.Lead, tags);
        var codes = await search.SimilarAsync(db, article.Id, terms, article.ServiceId, now, 5, ct);
        if (codes.Count == 0)
        {
            return await ArticleQueries.SuggestedAsync(db, article.Id, article.ServiceId, now, 5, ct);
        }

        var cards = await CardsAsync(codes, now, ct);
        return [.. codes.Select(c => cards.FirstOrDefault(card => card.Code == c)).OfType<ArticleCard>()];
    }

    private Task<List<ArticleCard>> CardsAsync(IReadOnlyList<long> codes, DateTime now, CancellationToken ct) =>
        db.Published(now).Where(a => codes.Contains(a.Code)).ToCards().ToListAsync(ct);

    /// <summary>
    /// Runs the page's own queries (counters, comments, suggested cards) once for no article, keeping nothing, so
    /// that EF has compiled them: the start-up warm-up does this beside the newest article's lookup, on the other core.
    /// </summary>
    public async Task CompileQueriesAsync(DateTime now, CancellationToken ct)
    {
        await CountCommentsAsync(0, ct);
        await PublishedCommentsAsync(0, ct);
        await CardsAsync([], now, ct);
    }

    private async Task<CommentCounts> CountCommentsAsync(int articleId, CancellationToken ct)
    {
        var counts = await db.Comments.AsNoTracking().Where(c => c.ArticleId == articleId)
            .GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(CommentStatus s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        return new CommentCounts(Of(CommentStatus.Published), Of(CommentStatus.Pending), Of(CommentStatus.Rejected));
    }

    private async Task<List<CommentView>> PublishedCommentsAsync(int articleId, CancellationToken ct)
    {
        var all = await db.Comments.AsNoTracking()
            .Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Published)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new CommentView(c.Id, c.ParentId, c.Name, c.CountryCode, c.CreatedAt, c.Text, c.Likes, c.Dislikes, c.IsStaff, c.IsFeatured))
            .ToListAsync(ct);
        var top = all.Where(c => c.ParentId is null).ToDictionary(c => c.Id);
        foreach (var reply in all.Where(c => c.ParentId is not null))
        {
            if (top.TryGetValue(reply.ParentId!.Value, out var parent))
            {
                parent.Replies.Add(reply);
            }
        }

        // «نظر برگزیده» first, then the newest conversation first; replies read in the order they were written.
        return [.. top.Values.OrderByDescending(c => c.IsFeatured).ThenByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)];
    }
}
