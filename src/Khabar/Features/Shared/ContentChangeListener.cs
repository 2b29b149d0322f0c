using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Shared;

/// <summary>
/// Every second: applies the changes other processes wrote to the change log (a CLI import, another site process),
/// writes this process's merged counter changes, and every minute forgets log rows older than ten minutes.
/// </summary>
public sealed class ContentChangeListener(ContentChanges changes, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ContentChangeListener> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(10);
    private long _seen;
    private int _ticks;

    // Rows written since this process began (less a margin for clocks) are news to it; older ones it never needs:
    // its caches started empty.
    private readonly DateTime _since = clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connected = changes.Connect();
        var waited = 0;
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    connected = connected || (++waited % 10 == 0 && changes.Connect()); // every ten seconds until Redis answers
                    await changes.FlushCountersAsync();
                    await ListenAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Reading the change log failed; will retry");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Applies the rows other processes wrote since the last look (the first time: since this process began).</summary>
    public async Task<int> ListenAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
        var since = _since;
        var rows = await db.ContentChangeLog.AsNoTracking().Where(c => c.Id > _seen && c.At >= since).OrderBy(c => c.Id).Take(1000).ToListAsync(ct);
        var applied = 0;
        foreach (var row in rows)
        {
            _seen = row.Id;
            if (row.Origin != changes.Origin && changes.Unheard(row.Id))
            {
                await changes.ApplyAsync(new ContentChange((ChangeKind)row.Kind, row.ArticleCode), ct, remote: true);
                applied++;
            }
        }

        changes.ReadUpTo(_seen);

        if (++_ticks % 60 == 0)
        {
            var before = clock.GetUtcNow().UtcDateTime - Keep;
            await db.ContentChangeLog.Where(c => c.At < before).ExecuteDeleteAsync(ct);
        }

        return applied;
    }
}
