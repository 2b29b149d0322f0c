using System.Collections.Concurrent;
using Khabar.Features.Articles;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Shared;

/// <summary>
/// The lists many pages share — «آخرین اخبار», the most read, each article's «اخبار پیشنهادی» — read once
/// and kept in memory for half a minute at most, dropped at once by anything that publishes, unpublishes or
/// edits (through <see cref="Caching.CacheTags.All"/> eviction). Without them every uncached page would repeat
/// the same three or four queries.
/// </summary>
public sealed class SiteDataCache
{
    private const int LatestTake = 12;
    private const int MostViewedTake = 6;
    private const int MaxEntries = 20_000;
    private static readonly long LifetimeMs = (long)TimeSpan.FromSeconds(30).TotalMilliseconds;

    private readonly ConcurrentDictionary<int, Entry<Suggestions>> _suggested = new();
    private readonly ConcurrentDictionary<long, Entry<ArticleData>> _articles = new();
    private readonly ConcurrentDictionary<long, Entry<ArticleComments>> _comments = new();
    private volatile Entry<Lists>? _lists;

    private sealed record Entry<T>(T Value, long ExpiresAt)
    {
        public bool Fresh => ExpiresAt > Environment.TickCount64;
    }

    /// <summary>An article's published comments (threaded) and its counters, as the page shows them.</summary>
    public sealed record ArticleComments(CommentCounts Counts, IReadOnlyList<CommentView> Comments) : Stamped;

    /// <summary>What an article page shows of the article itself.</summary>
    public sealed record ArticleData(PublishedArticle Article, IReadOnlyList<string> Tags, ArticleParts Parts) : Stamped;

    public sealed record Lists(IReadOnlyList<ArticleCard> Latest, IReadOnlyList<ArticleCard> MostViewed, IReadOnlyList<ArticleCard> MostDiscussed) : Stamped;

    public sealed record Suggestions(IReadOnlyList<ArticleCard> Cards) : Stamped;

    /// <summary>
    /// A value loaded from the database, numbered once: a new number means new data. Pages key the HTML
    /// fragments they render from it by these numbers (see Article.cshtml), so a fragment is rendered once
    /// per change and is never older than the data the page would read.
    /// </summary>
    public abstract record Stamped
    {
        private static long s_last;

        public long Stamp { get; } = Interlocked.Increment(ref s_last);
    }

    public async ValueTask<Lists> GetAsync(NewsDb db, DateTime now, CancellationToken ct)
    {
        if (_lists is { Fresh: true } cached)
        {
            return cached.Value;
        }

        var lists = new Lists(
            await ArticleQueries.LatestAsync(db, now, LatestTake, ct),
            await ArticleQueries.MostViewedAsync(db, now, MostViewedTake, ct),
            await ArticleQueries.MostDiscussedAsync(db, now, MostViewedTake, ct));
        _lists = new Entry<Lists>(lists, Environment.TickCount64 + LifetimeMs);
        return lists;
    }

    public async ValueTask<Suggestions> SuggestedAsync(int articleId, Func<Task<IReadOnlyList<ArticleCard>>> load) =>
        (await GetOrLoadAsync(_suggested, articleId, LifetimeMs * 20, async () => new Suggestions(await load())))!;

    /// <summary>A published article (with its tags) by code; a miss (not found, not yet published) is not remembered.</summary>
    public ValueTask<ArticleData?> PublishedArticleAsync(NewsDb db, long code, DateTime now, CancellationToken ct) =>
        GetOrLoadAsync(_articles, code, LifetimeMs * 20, async () =>
        {
            var view = await db.Published(now).Where(a => a.Code == code).ToViews().FirstOrDefaultAsync(ct);
            return view is null ? null : new ArticleData(view, await db.Articles.AsNoTracking().Where(a => a.Id == view.Id)
                .SelectMany(a => a.Tags.Select(t => t.Name)).ToListAsync(ct), await ArticleParts.LoadAsync(db, view, ct));
        });

    /// <summary>
    /// An article's comments and counters, kept until <see cref="InvalidateArticle"/> (a new comment) or the eviction
    /// of its <c>article:{code}</c> tag (moderation, votes), so a page rendered without the page cache needs no query for them.
    /// </summary>
    public async ValueTask<ArticleComments> CommentsAsync(long code, Func<Task<ArticleComments>> load) =>
        (await GetOrLoadAsync(_comments, code, LifetimeMs, load!))!;

    /// <summary>Called when an article's page changes (its comments, counters or text).</summary>
    /// <summary>A new comment changes the counters and nothing else: the article's own data stays in memory.</summary>
    public void InvalidateComments(long code) => _comments.TryRemove(code, out _);

    public void InvalidateArticle(long code)
    {
        _comments.TryRemove(code, out _);
        _articles.TryRemove(code, out _);
    }

    /// <summary>Called when published content changes.</summary>
    public void Invalidate()
    {
        _lists = null;
        _suggested.Clear();
        _articles.Clear();
        _comments.Clear();
    }

    /// <summary>The fresh entry for the key, or the loaded value stored (unless null) with the given lifetime.</summary>
    private static async ValueTask<T?> GetOrLoadAsync<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> entries, TKey key, long lifetimeMs, Func<Task<T?>> load)
        where TKey : notnull
        where T : class
    {
        if (entries.TryGetValue(key, out var cached) && cached.Fresh)
        {
            return cached.Value;
        }

        var value = await load();
        if (value is not null)
        {
            if (entries.Count >= MaxEntries)
            {
                entries.Clear();
            }

            entries[key] = new Entry<T>(value, Environment.TickCount64 + lifetimeMs);
        }

        return value;
    }
}
