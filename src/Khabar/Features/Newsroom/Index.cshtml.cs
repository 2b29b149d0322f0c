using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom;

public sealed record DashboardTile(string Label, int Count, string Url, string Kind);

/// <summary>The dashboard: what waits for whom, each figure a link to the list behind it.</summary>
public sealed class IndexModel(NewsDb db, TimeProvider clock) : NewsroomPageModel
{
    public IReadOnlyList<DashboardTile> Tiles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageTitle = "پیشخوان";
        var now = clock.GetUtcNow().UtcDateTime;
        var (todayStart, todayEnd) = Jalali.DayRangeUtc(Jalali.DateOf(now));
        var articles = db.Articles.AsNoTracking();
        Tiles =
        [
            new("پیش\u200Cنویس\u200Cها", await articles.CountAsync(a => a.Status == ArticleStatus.Draft, ct), "/newsroom/articles?status=draft", "draft"),
            new("در انتظار دبیر", await articles.CountAsync(a => a.Status == ArticleStatus.InReview, ct), "/newsroom/articles?status=review", "review"),
            new("زمان\u200Cبندی\u200Cشده", await articles.CountAsync(a => a.Status == ArticleStatus.Scheduled || (a.Status == ArticleStatus.Published && a.PublishedAt > now), ct), "/newsroom/articles?status=scheduled", "scheduled"),
            new("منتشرشدهٔ امروز", await articles.CountAsync(a => a.Status == ArticleStatus.Published && a.PublishedAt >= todayStart && a.PublishedAt < todayEnd && a.PublishedAt <= now, ct), "/newsroom/articles?status=today", "today"),
            new("نظرهای در انتظار بررسی", await db.Comments.CountAsync(c => c.Status == CommentStatus.Pending, ct), "/newsroom/moderation", "pending"),
        ];
    }
}
