namespace Khabar.Features.Caching;

/// <summary>Runs the deferred evictions of <see cref="PageCache.EvictSoon"/> every second, and drops expired pages every ten.</summary>
public sealed class PageCacheJanitor(PageCache cache, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await cache.FlushDeferredAsync();
                if (++ticks % 10 == 0)
                {
                    cache.SweepExpired();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
