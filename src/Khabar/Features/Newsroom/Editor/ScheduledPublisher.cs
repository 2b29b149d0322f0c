using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

/// <summary>
/// Puts articles live on time with nobody present. Every second: scheduled articles that fell due become published
/// (audited), and when any article's publication time has passed since the last look — scheduled in the editor or
/// imported with a future <c>published_at</c> (an embargo) — the cached pages and lists that should now show it are
/// evicted: home, service, tag, archive, feeds, sitemaps, search, «آخرین اخبار», «اخبار پیشنهادی»; the same when a
/// «خبر فوری» ends (the strip leaves every page). Two index range reads per second.
/// </summary>
public sealed class ScheduledPublisher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ScheduledPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // Publication times up to here have been seen: every page rendered after start knew about them.
    private DateTime _seenUntil = clock.GetUtcNow().UtcDateTime;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first run one interval after start, not during it (where its query would be compiled beside the
        // first readers' pages): an article that fell due while the site was down goes live within the same
        // few seconds as any other.
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PublishDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Scheduled publishing failed; will retry");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task<int> PublishDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var since = _seenUntil;
        var due = await db.Articles.Include(a => a.Tags).Where(a => a.Status == ArticleStatus.Scheduled && a.PublishedAt <= now).ToListAsync(ct);
        if (due.Count == 0)
        {
            // An embargo that ended: published already, only now visible. Pages cached before now lack it.
            var appeared = await db.Articles.AnyAsync(a => a.Status == ArticleStatus.Published && a.PublishedAt > since && a.PublishedAt <= now, ct);
            // A «خبر فوری» whose time ended: every page shows the strip until evicted. Its mark is cleared by one
            // conditional UPDATE (looked for first: an UPDATE that finds nothing still takes SQLite's write lock), so of
            // several nodes only the one that cleared it tells the change bus, and every node evicts once.
            if (await db.Articles.AnyAsync(a => a.BreakingUntil <= now, ct))
            {
                appeared |= await db.Articles.Where(a => a.BreakingUntil <= now)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.BreakingUntil, (DateTime?)null), ct) > 0;
            }

            _seenUntil = now;
            if (appeared)
            {
                await scope.ServiceProvider.GetRequiredService<ContentChanges>().PublishAsync(ContentChange.Content, ct);
            }

            return 0;
        }

        var search = scope.ServiceProvider.GetRequiredService<Search.ISearchIndex>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = 0;
        foreach (var article in due)
        {
            // Claimed by one conditional UPDATE: of several nodes (or a node and an editor) only the one whose UPDATE
            // still finds it scheduled publishes and audits it; the others' wait for its commit and find nothing.
            if (await db.Articles.Where(a => a.Id == article.Id && a.Status == ArticleStatus.Scheduled)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ArticleStatus.Published), ct) == 0)
            {
                db.Entry(article).State = EntityState.Detached;
                continue;
            }

            claimed++;
            article.Status = ArticleStatus.Published;
            db.Entry(article).Property(a => a.Status).IsModified = false; // written by the claim
            Audit.Record(db, null, now, Audit.Publish, ArticleEditor.ArticleTarget(article), "انتشار زمان\u200Cبندی\u200Cشده");
            await search.WriteAsync(db, article, article.Tags.Select(t => t.Name), ct);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        _seenUntil = now;
        await scope.ServiceProvider.GetRequiredService<ContentChanges>().PublishAsync(ContentChange.Content, ct);
        if (claimed > 0)
        {
            logger.LogInformation("Published {Count} scheduled article(s)", claimed);
        }

        return claimed;
    }
}
