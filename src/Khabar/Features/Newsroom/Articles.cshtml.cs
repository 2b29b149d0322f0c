using Khabar.Persian;
using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom;

public sealed record NewsroomArticleRow(long Code, string Slug, string Title, string Service, ArticleStatus Status, DateTime? PublishedAt, DateTime UpdatedAt, string Author);

/// <summary>The newsroom's list of articles by workflow state.</summary>
[Authorize(Policy = Policies.Write)]
public sealed class ArticlesModel(NewsDb db, TimeProvider clock) : NewsroomPageModel
{
    public string Status { get; private set; } = "all";

    public IReadOnlyList<NewsroomArticleRow> Rows { get; private set; } = [];

    public Shared.Pager Pager { get; private set; } = null!;

    public DateTime Now { get; private set; }

    public static IReadOnlyList<(string Key, string Label)> Filters { get; } =
    [
        ("all", "همه"), ("draft", "پیش\u200Cنویس"), ("review", "در انتظار دبیر"), ("scheduled", "زمان\u200Cبندی\u200Cشده"),
        ("today", "منتشرشدهٔ امروز"), ("published", "منتشرشده"), ("unpublished", "لغو انتشار"),
    ];

    public async Task OnGetAsync(string? status, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        PageTitle = "خبرها";
        Now = clock.GetUtcNow().UtcDateTime;
        var now = Now;
        Status = Filters.Any(f => f.Key == status) ? status! : "all";
        var (todayStart, todayEnd) = Jalali.DayRangeUtc(Jalali.DateOf(now));
        var query = db.Articles.AsNoTracking();
        query = Status switch
        {
            "draft" => query.Where(a => a.Status == ArticleStatus.Draft),
            "review" => query.Where(a => a.Status == ArticleStatus.InReview),
            "scheduled" => query.Where(a => a.Status == ArticleStatus.Scheduled || (a.Status == ArticleStatus.Published && a.PublishedAt > now)),
            "today" => query.Where(a => a.Status == ArticleStatus.Published && a.PublishedAt >= todayStart && a.PublishedAt < todayEnd && a.PublishedAt <= now),
            "published" => query.Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now),
            "unpublished" => query.Where(a => a.Status == ArticleStatus.Unpublished),
            _ => query,
        };
        var current = Shared.Pager.Clamp(pageNumber);
        Pager = new Shared.Pager(current, await query.CountAsync(ct), 50, "/newsroom/articles", Status == "all" ? null : "status=" + Status);
        Rows = await query.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id)
            .Skip((current - 1) * Pager.PageSize).Take(Pager.PageSize)
            .Select(a => new NewsroomArticleRow(a.Code, a.Slug, a.Title, a.Service!.Name, a.Status, a.PublishedAt, a.UpdatedAt, a.AuthorName))
            .ToListAsync(ct);
    }

    public static string StatusName(ArticleStatus status, DateTime? publishedAt, DateTime now) => status switch
    {
        ArticleStatus.Draft => "پیش\u200Cنویس",
        ArticleStatus.InReview => "در انتظار دبیر",
        ArticleStatus.Scheduled => "زمان\u200Cبندی\u200Cشده",
        ArticleStatus.Published when publishedAt > now => "زمان\u200Cبندی\u200Cشده",
        ArticleStatus.Published => "منتشرشده",
        ArticleStatus.Unpublished => "لغو انتشار",
        _ => status.ToString(),
    };
}
