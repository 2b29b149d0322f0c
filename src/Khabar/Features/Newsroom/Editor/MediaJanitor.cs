using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

/// <summary>
/// Every six hours (the first time ten minutes after start), removes the uploads nothing uses that are over a day old:
/// lead and gallery images with all their sizes, and video files.
/// </summary>
public sealed class MediaJanitor(IServiceScopeFactory scopes, MediaStore media, TimeProvider clock, ILogger<MediaJanitor> logger) : BackgroundService
{
    public static readonly TimeSpan Age = TimeSpan.FromDays(1);

    private const string ImageSuffix = "-16x9-960.jpg";
    private static readonly string[] VideoPatterns = ["*.mp4", "*.m4v", "*.webm"];

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
                    var removed = await RemoveAbandonedAsync(media, scope.ServiceProvider.GetRequiredService<NewsDb>(), Age, clock, stoppingToken);
                    if (removed > 0)
                    {
                        logger.LogInformation("Removed {Count} upload(s) no article uses", removed);
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

    /// <summary>
    /// Removes the images and videos no article, revision, photo, live entry or poster uses, uploaded more than
    /// <paramref name="olderThan"/> ago (an upload whose save failed, a browser closed mid-way, a file replaced before
    /// anyone saved it, a video replaced by another); returns how many uploads went.
    /// </summary>
    public static async Task<int> RemoveAbandonedAsync(MediaStore media, NewsDb db, TimeSpan olderThan, TimeProvider clock, CancellationToken ct)
    {
        if (!Directory.Exists(media.Root))
        {
            return 0;
        }

        var images = new HashSet<string>(StringComparer.Ordinal);
        foreach (var url in await db.Articles.Where(a => a.ImageUrl != null).Select(a => a.ImageUrl!)
            .Union(db.ArticleRevisions.Where(r => r.ImageUrl != null).Select(r => r.ImageUrl!))
            .Union(db.ArticlePhotos.Select(p => p.ImageUrl))
            .Union(db.LiveEntries.Where(l => l.ImageUrl != null).Select(l => l.ImageUrl!))
            .Union(db.Articles.Where(a => a.VideoPoster != null).Select(a => a.VideoPoster!)).ToListAsync(ct))
        {
            if (media.Stem(url) is { } stem)
            {
                images.Add(stem);
            }
        }

        var videos = (await db.Articles.Where(a => a.VideoUrl != null && a.VideoUrl.StartsWith("/media/")).Select(a => a.VideoUrl!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var cutoff = clock.GetUtcNow().UtcDateTime - olderThan;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(media.Root, "*" + ImageSuffix, SearchOption.AllDirectories))
        {
            var stem = Relative(media, file)[..^ImageSuffix.Length];
            if (!images.Contains(stem) && File.GetLastWriteTimeUtc(file) < cutoff)
            {
                media.Delete($"/media/{stem}{ImageSuffix}");
                removed++;
            }
        }

        foreach (var file in VideoPatterns.SelectMany(p => Directory.EnumerateFiles(media.Root, p, SearchOption.AllDirectories)))
        {
            var url = "/media/" + Relative(media, file);
            if (!videos.Contains(url) && File.GetLastWriteTimeUtc(file) < cutoff)
            {
                media.Delete(url);
                removed++;
            }
        }

        return removed;
    }

    private static string Relative(MediaStore media, string file) => Path.GetRelativePath(media.Root, file).Replace(Path.DirectorySeparatorChar, '/');
}
