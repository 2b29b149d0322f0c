using Khabar.Storage;

namespace Khabar.Features.Newsroom.Editor;

/// <summary>Every six hours (the first time ten minutes after start), removes lead images nothing uses that are over a day old.</summary>
public sealed class MediaJanitor(IServiceScopeFactory scopes, MediaStore media, TimeProvider clock, ILogger<MediaJanitor> logger) : BackgroundService
{
    public static readonly TimeSpan Age = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(10), clock, stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromHours(6), clock);
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var removed = await media.RemoveAbandonedAsync(scope.ServiceProvider.GetRequiredService<NewsDb>(), Age, stoppingToken);
                    if (removed > 0)
                    {
                        logger.LogInformation("Removed {Count} lead image(s) no article uses", removed);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not remove abandoned uploads; will retry");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
