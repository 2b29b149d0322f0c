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

    /// <summary>Words of the title, or a news code (either digit set), as typed in the list's search box.</summary>
    public string? Query { get; private set; }

    public static IReadOnlyList<(string Key, string Label)> Filters { get; } =
    [
        ("all", "همه"), ("draft", "پیش\u200Cنویس"), ("review", "در انتظار دبیر"), ("scheduled", "زمان\u200Cبندی\u200Cشده"),
        ("today", "منتشرشدهٔ امروز"), ("published", "منتشرشده"), ("unpublished", "لغو انتشار"),
    ];

    public async Task OnGetAsync(string? status, string? q, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
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
        Query = string.IsNullOrWhiteSpace(q) ? null : PersianText.NormalizeLine(q);
        if (Query is not null)
        {
            var words = Query.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8).ToList();
            if (words.Count == 1 && long.TryParse(Digits.ToAscii(words[0]), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                query = query.Where(a => a.Code == code);
            }
            else
            {
                foreach (var word in words)
                {
                    query = query.Where(a => a.Title.Contains(word) || a.Rotitr.Contains(word));
                }
            }
        }

        var extra = string.Join('&', new[]
        {
            Status == "all" ? null : "status=" + Status,
            Query is null ? null : "q=" + Uri.EscapeDataString(Query),
        }.Where(p => p is not null));
        var current = Shared.Pager.Clamp(pageNumber);
        Pager = new Shared.Pager(current, await query.CountAsync(ct), 50, "/newsroom/articles", extra.Length == 0 ? null : extra);
        // Publication order: the newest (or the next scheduled) first; what has no time yet (drafts, submissions)
        // by its last change, among them. Drafts and submissions are listed by their last change alone.
        var ordered = Status is "draft" or "review"
            ? query.OrderByDescending(a => a.UpdatedAt)
            : query.OrderByDescending(a => a.PublishedAt ?? a.UpdatedAt);
        Rows = await ordered.ThenByDescending(a => a.Id)
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
