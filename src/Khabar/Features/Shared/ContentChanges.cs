using System.Collections.Concurrent;
using Khabar.Features.Caching;
using Khabar.Features.Moderation;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Shared;

/// <summary>What changed, as far as what readers see is concerned.</summary>
public enum ChangeKind
{
    /// <summary>Published content as a whole (publish, unpublish, schedule, import, services): every page and list.</summary>
    Content = 0,

    /// <summary>One article's page (a comment approved or rejected, a newsroom reply).</summary>
    Article = 1,

    /// <summary>Only an article's counters (a comment waiting, a vote): shown within a second or two, never one eviction each.</summary>
    Counters = 2,

    /// <summary>The order of the home page's lead slots.</summary>
    Home = 3,

    /// <summary>The banned and suspect words.</summary>
    Words = 4,

    /// <summary>The blocked addresses and emails.</summary>
    Blocks = 5,

    /// <summary>
    /// What one article says besides its body (a live entry, a photo's caption, the end of coverage): its pages, and
    /// the search results, which find it by those words too.
    /// </summary>
    Story = 6,
}

public readonly record struct ContentChange(ChangeKind Kind, long ArticleCode = 0)
{
    public static ContentChange Content => new(ChangeKind.Content);

    public static ContentChange Home => new(ChangeKind.Home);

    public static ContentChange Words => new(ChangeKind.Words);

    public static ContentChange Blocks => new(ChangeKind.Blocks);

    public static ContentChange Article(long code) => new(ChangeKind.Article, code);

    public static ContentChange Counters(long code) => new(ChangeKind.Counters, code);

    public static ContentChange Story(long code) => new(ChangeKind.Story, code);
}

/// <summary>
/// The one way in for "this changed": every writer (editor, import, scheduled publisher, moderation, comments, votes,
/// word lists, blocks) tells this, and this alone drops what showed the old state — page-cache tags, the data lists
/// pages are built from, the rendered fragments, navigation, the word filter, the block list — together. Each change is also written to the
/// database's change log, so other processes on the same database (the CLI's import, a second site process) hear it
/// within a second or two (<see cref="ContentChangeListener"/>); counter changes are written once a second, merged. On a
/// site of several nodes (Khabar:Redis) each logged change is also published on Redis (<see cref="RedisChangeRelay"/>),
/// and the other nodes apply it at once.
/// </summary>
public sealed class ContentChanges(
    PageCache cache, FragmentCache fragments, SiteDataCache lists, SiteNavigation navigation, WordFilter words, BlockList blocks,
    Articles.BreakingNews breaking, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ContentChanges> logger, RedisChangeRelay? relay = null)
{
    private readonly ConcurrentDictionary<long, byte> _counters = new();

    // Log rows applied when heard on Redis, until the listener passes them in the log (then they are not applied twice).
    private readonly ConcurrentDictionary<long, byte> _heard = new();
    private long _logRead;

    /// <summary>This process's mark on the change log: its own rows are not applied twice.</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    public async Task PublishAsync(ContentChange change, CancellationToken ct = default)
    {
        await ApplyAsync(change, ct);
        if (change.Kind == ChangeKind.Counters)
        {
            _counters.TryAdd(change.ArticleCode, 0); // written with the next second's batch
            return;
        }

        await RecordAsync([change]);
    }

    /// <summary>
    /// Drops what showed the old state in this process (and the shared page store's pages). A counter change another
    /// process made (<paramref name="remote"/>) is evicted here at once: its maker merged it and evicts the store.
    /// </summary>
    internal async Task ApplyAsync(ContentChange change, CancellationToken ct, bool remote = false)
    {
        switch (change.Kind)
        {
            case ChangeKind.Content:
                navigation.Invalidate();
                breaking.Invalidate();
                lists.Invalidate();
                fragments.Clear();
                await cache.EvictAsync(CacheTags.All, ct);
                break;
            case ChangeKind.Article or ChangeKind.Story:
                lists.InvalidateArticle(change.ArticleCode);
                await cache.EvictAsync(CacheTags.Article(change.ArticleCode), ct);
                if (change.Kind == ChangeKind.Story)
                {
                    await cache.EvictAsync(CacheTags.Search, ct);
                }

                break;
            case ChangeKind.Counters when remote:
                lists.InvalidateComments(change.ArticleCode);
                cache.EvictLocally(CacheTags.Article(change.ArticleCode)); // already merged, once a second, by its maker
                break;
            case ChangeKind.Counters:
                lists.InvalidateComments(change.ArticleCode);
                cache.EvictSoon(CacheTags.Article(change.ArticleCode));
                break;
            case ChangeKind.Home:
                await cache.EvictAsync(CacheTags.Home, ct);
                break;
            case ChangeKind.Words:
                words.Invalidate();
                break;
            case ChangeKind.Blocks:
                blocks.Invalidate();
                break;
        }
    }

    /// <summary>Writes the counter changes gathered since the last call, one row per article.</summary>
    internal Task FlushCountersAsync()
    {
        if (_counters.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var codes = _counters.Keys.ToList();
        foreach (var code in codes)
        {
            _counters.TryRemove(code, out _);
        }

        return RecordAsync([.. codes.Select(ContentChange.Counters)]);
    }

    /// <summary>
    /// Starts hearing the other nodes on Redis (a site of several nodes); called by the listener until it succeeds. A
    /// Redis that is slow or away at start is no reason to stop the site: the change log carries every change meanwhile.
    /// </summary>
    internal bool Connect()
    {
        if (relay is null)
        {
            return true;
        }

        try
        {
            relay.Subscribe(HearAsync);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning(e, "Could not subscribe to the other nodes' changes on Redis; the change log carries them until it can");
            return false;
        }

        relay.Restored += () => _ = ForgetEverythingAsync();
        return true;
    }

    /// <summary>A change published on Redis: applied unless this process made it or already read it from the log.</summary>
    internal async Task HearAsync(string origin, ContentChange change, long id, DateTime at)
    {
        if (origin == Origin || id <= Interlocked.Read(ref _logRead) || !_heard.TryAdd(id, 0))
        {
            return;
        }

        try
        {
            await ApplyAsync(change, CancellationToken.None, remote: true);
            KhabarMetrics.EvictionLag.Record(Math.Max(0, (clock.GetUtcNow().UtcDateTime - at).TotalSeconds));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Applying a change heard on Redis failed");
        }
    }

    /// <summary>Whether a log row from another process still needs applying (false: heard on Redis already).</summary>
    internal bool Unheard(long id) => !_heard.TryRemove(id, out _);

    /// <summary>The listener has read the log up to this row: later Redis messages for earlier rows are old news.</summary>
    internal void ReadUpTo(long id)
    {
        Interlocked.Exchange(ref _logRead, id);
        if (_heard.Count > 100_000)
        {
            _heard.Clear(); // the listener has not kept up for a long while: at worst a change is applied twice
        }
    }

    /// <summary>
    /// Back on Redis after a loss: whatever was published meanwhile never reached this node, so it forgets everything it
    /// keeps (pages here and in the shared store, lists, fragments, words, blocks); the log fills in the rest.
    /// </summary>
    internal async Task ForgetEverythingAsync()
    {
        try
        {
            foreach (var change in new[] { ContentChange.Content, ContentChange.Words, ContentChange.Blocks })
            {
                await ApplyAsync(change, CancellationToken.None, remote: true);
            }

            logger.LogInformation("Back on Redis: this node dropped its caches (changes published while it was away never reached it)");
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Dropping the caches after Redis came back failed");
        }
    }

    private async Task RecordAsync(IReadOnlyList<ContentChange> changes)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
            var now = clock.GetUtcNow().UtcDateTime;
            var rows = changes.Select(c => new ContentChangeRecord { At = now, Kind = (int)c.Kind, ArticleCode = c.ArticleCode, Origin = Origin }).ToList();
            db.ContentChangeLog.AddRange(rows);
            await db.SaveChangesAsync(CancellationToken.None);
            if (relay is not null)
            {
                await relay.PublishAsync(Origin, now, rows.Select(r => (new ContentChange((ChangeKind)r.Kind, r.ArticleCode), r.Id)));
            }
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // This process has applied the change; others see it when their pages expire.
            logger.LogWarning(e, "Could not write {Count} change(s) to the change log", changes.Count);
        }
    }
}
