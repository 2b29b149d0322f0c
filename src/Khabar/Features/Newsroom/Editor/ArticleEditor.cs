using System.Globalization;
using System.Security.Claims;
using Khabar.Features.Articles;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

/// <summary>What the writer sends from the editor.</summary>
public sealed class ArticleForm
{
    public string? Rotitr { get; set; }

    public string? Title { get; set; }

    public string? Lead { get; set; }

    public string? Body { get; set; }

    public int ServiceId { get; set; }

    /// <summary>Tag names separated by commas (, or ،) or new lines.</summary>
    public string? Tags { get; set; }

    public string? ImageCaption { get; set; }

    public string? Source { get; set; }

    /// <summary>UpdatedAt ticks of the version the writer started from: a save over someone else's change is refused.</summary>
    public long Version { get; set; }

    /// <summary>Jalali date (either digit set) and Tehran time for scheduling.</summary>
    public string? ScheduleDate { get; set; }

    public string? ScheduleTime { get; set; }

    public bool RemoveImage { get; set; }
}

public enum EditorAction
{
    Save,
    Autosave,
    Submit,
    Publish,
    Schedule,
    Unpublish,
}

public sealed record EditorResult(Article? Article, IReadOnlyDictionary<string, string> Errors, bool Forbidden = false, bool Conflict = false, IReadOnlyList<string>? Normalized = null)
{
    public bool Succeeded => Article is not null && Errors.Count == 0 && !Forbidden && !Conflict;
}

/// <summary>
/// The article workflow: reporter drafts and submits, editor publishes now or at a Jalali date and time,
/// unpublishes; every save is normalized for storage, kept as a revision and audited where it matters.
/// </summary>
public sealed class ArticleEditor(NewsDb db, TimeProvider clock, PageCache cache, SiteNavigation navigation, Search.ISearchIndex search)
{
    public static bool CanPublish(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Editor);

    /// <summary>Reporters edit their own drafts and submissions; editors and admins edit everything.</summary>
    public static bool CanEdit(ClaimsPrincipal user, Article article) =>
        CanPublish(user)
        || (user.IsInRole(Roles.Reporter) && article.AuthorId == user.FindFirstValue(ClaimTypes.NameIdentifier)
            && article.Status is ArticleStatus.Draft or ArticleStatus.InReview);

    public async Task<EditorResult> SaveAsync(long? code, ArticleForm form, EditorAction action, string? imageUrl, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (action is EditorAction.Publish or EditorAction.Schedule or EditorAction.Unpublish && !CanPublish(user))
        {
            return new EditorResult(null, errors, Forbidden: true);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Article? article;
        if (code is { } existing)
        {
            article = await db.Articles.Include(a => a.Tags).FirstOrDefaultAsync(a => a.Code == existing, ct);
            if (article is null)
            {
                errors["code"] = "خبری با این کد پیدا نشد.";
                return new EditorResult(null, errors);
            }

            if (!CanEdit(user, article))
            {
                return new EditorResult(article, errors, Forbidden: true);
            }

            if (form.Version != article.UpdatedAt.Ticks)
            {
                return new EditorResult(article, errors, Conflict: true);
            }
        }
        else
        {
            article = new Article
            {
                Title = "",
                Status = ArticleStatus.Draft,
                CreatedAt = now,
                AuthorId = user.FindFirstValue(ClaimTypes.NameIdentifier),
                AuthorName = user.Identity?.Name ?? "",
            };
        }

        var normalized = Apply(article, form, errors);
        DateTime? scheduleAt = null;
        if (action == EditorAction.Schedule)
        {
            scheduleAt = ParseSchedule(form, now, errors);
        }

        if (action != EditorAction.Autosave && !await db.Services.AnyAsync(s => s.Id == form.ServiceId, ct))
        {
            errors["service_id"] = "سرویس خبر را انتخاب کنید.";
        }

        if (errors.Count > 0 && action != EditorAction.Autosave)
        {
            return new EditorResult(article, errors, Normalized: normalized);
        }

        if (imageUrl is not null)
        {
            article.ImageUrl = imageUrl;
        }
        else if (form.RemoveImage)
        {
            article.ImageUrl = null;
        }

        article.ServiceId = await db.Services.AnyAsync(s => s.Id == form.ServiceId, ct) ? form.ServiceId : article.ServiceId;
        if (article.ServiceId == 0)
        {
            article.ServiceId = await db.Services.OrderBy(s => s.SortOrder).Select(s => s.Id).FirstAsync(ct);
        }

        article.Tags = await ResolveTagsAsync(form.Tags, ct);
        article.Slug = Slug.Of(article.Title);
        article.UpdatedAt = now;
        string? auditAction = null;
        switch (action)
        {
            case EditorAction.Submit when article.Status is ArticleStatus.Draft:
                article.Status = ArticleStatus.InReview;
                break;
            case EditorAction.Publish:
                article.Status = ArticleStatus.Published;
                article.PublishedAt = article.PublishedAt is { } was && was <= now ? was : now;
                auditAction = Audit.Publish;
                break;
            case EditorAction.Schedule:
                article.Status = ArticleStatus.Scheduled;
                article.PublishedAt = scheduleAt;
                auditAction = Audit.Schedule;
                break;
            case EditorAction.Unpublish:
                article.Status = ArticleStatus.Unpublished;
                auditAction = Audit.Unpublish;
                break;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (article.Id == 0)
        {
            article.Code = await NextCodeAsync(ct);
            db.Articles.Add(article);
        }

        await db.SaveChangesAsync(ct);
        await search.WriteAsync(db, article, article.Tags.Select(t => t.Name), ct);
        await AddRevisionAsync(article, user, action, ct);
        if (auditAction is not null)
        {
            Audit.Record(db, user, now, auditAction, ArticleTarget(article),
                auditAction == Audit.Schedule ? Jalali.FormatDateTime(article.PublishedAt!.Value) : "");
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (article.Status is ArticleStatus.Published or ArticleStatus.Scheduled or ArticleStatus.Unpublished)
        {
            await EvictAsync(ct);
        }

        return new EditorResult(article, errors, Normalized: normalized);
    }

    /// <summary>Puts a revision's text back (itself a new revision, so the restore can be undone).</summary>
    public async Task<EditorResult> RestoreAsync(long code, long revisionId, ClaimsPrincipal user, CancellationToken ct)
    {
        var article = await db.Articles.Include(a => a.Tags).FirstOrDefaultAsync(a => a.Code == code, ct);
        var revision = article is null ? null : await db.ArticleRevisions.FirstOrDefaultAsync(r => r.Id == revisionId && r.ArticleId == article.Id, ct);
        if (article is null || revision is null)
        {
            return new EditorResult(null, new Dictionary<string, string> { ["revision"] = "نسخه پیدا نشد." });
        }

        if (!CanEdit(user, article))
        {
            return new EditorResult(article, new Dictionary<string, string>(), Forbidden: true);
        }

        article.Rotitr = revision.Rotitr;
        article.Title = revision.Title;
        article.Lead = revision.Lead;
        article.BodyHtml = revision.BodyHtml;
        article.ServiceId = revision.ServiceId;
        article.Tags = await ResolveTagsAsync(revision.Tags, ct);
        article.Slug = Slug.Of(article.Title);
        article.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await search.WriteAsync(db, article, article.Tags.Select(t => t.Name), ct);
        await AddRevisionAsync(article, user, null, ct, $"بازگردانی نسخهٔ {Digits.ToPersian(revision.Id)}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await EvictAsync(ct);
        return new EditorResult(article, new Dictionary<string, string>());
    }

    /// <summary>Editors choose the lead slots of the home page (1 = lead story); the rest follow by time.</summary>
    public async Task SetHomeSlotsAsync(IReadOnlyList<long?> codes, ClaimsPrincipal user, CancellationToken ct)
    {
        await db.Articles.Where(a => a.HomeSlot != null).ExecuteUpdateAsync(s => s.SetProperty(a => a.HomeSlot, (int?)null), ct);
        for (var i = 0; i < codes.Count; i++)
        {
            if (codes[i] is { } code)
            {
                var slot = i + 1;
                await db.Articles.Where(a => a.Code == code && a.HomeSlot == null).ExecuteUpdateAsync(s => s.SetProperty(a => a.HomeSlot, slot), ct);
            }
        }

        Audit.Record(db, user, clock.GetUtcNow().UtcDateTime, "home", "home", string.Join(",", codes.Select(c => c?.ToString(CultureInfo.InvariantCulture) ?? "-")));
        await db.SaveChangesAsync(ct);
        await cache.EvictAsync(CacheTags.Home, ct);
    }

    public static string ArticleTarget(Article article) =>
        $"article:{article.Code.ToString(CultureInfo.InvariantCulture)} {article.Title}";

    private static List<string> Apply(Article article, ArticleForm form, Dictionary<string, string> errors)
    {
        var changed = new List<string>();
        string Field(string? raw, string name, int max, bool required, string label)
        {
            var value = PersianText.NormalizeLine(raw);
            if (!string.IsNullOrWhiteSpace(raw) && value != raw.Trim())
            {
                changed.Add(label);
            }

            if (required && value.Length == 0)
            {
                errors[name] = $"{label} را بنویسید.";
            }
            else if (value.Length > max)
            {
                errors[name] = $"{label} نباید بیشتر از {Digits.ToPersian(max)} نویسه باشد.";
            }

            return value;
        }

        article.Rotitr = Field(form.Rotitr, "rotitr", 300, false, "روتیتر");
        article.Title = Field(form.Title, "title", 300, true, "تیتر");
        article.Lead = Field(form.Lead, "lead", 2000, false, "لید");
        article.ImageCaption = NullIfEmpty(Field(form.ImageCaption, "image_caption", 500, false, "زیرنویس تصویر"));
        article.Source = NullIfEmpty(Field(form.Source, "source", 200, false, "منبع"));
        var body = BodyHtml.Clean(form.Body);
        if (!string.IsNullOrWhiteSpace(form.Body) && BodyHtml.ToPlainText(body) != BodyHtml.ToPlainText(BodyHtml.CleanWithoutNormalizing(form.Body)))
        {
            changed.Add("متن");
        }

        article.BodyHtml = body;
        return changed;
    }

    private static DateTime? ParseSchedule(ArticleForm form, DateTime now, Dictionary<string, string> errors)
    {
        if (!Jalali.TryParseDate(form.ScheduleDate, out var day))
        {
            errors["schedule_date"] = "تاریخ انتشار را به شکل ۱۴۰۴/۰۹/۰۶ وارد کنید.";
            return null;
        }

        var time = Digits.ToAscii(form.ScheduleTime ?? "").Trim();
        if (!TimeOnly.TryParseExact(time, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clockTime))
        {
            errors["schedule_time"] = "ساعت انتشار را به شکل ۱۴:۳۰ وارد کنید.";
            return null;
        }

        var (dayStart, _) = Jalali.DayRangeUtc(day);
        var localMidnight = Jalali.ToTehran(dayStart).Date;
        var at = Jalali.TehranToUtc(localMidnight + clockTime.ToTimeSpan());
        if (at <= now)
        {
            errors["schedule_date"] = "زمان انتشار باید در آینده باشد.";
            return null;
        }

        return at;
    }

    private async Task<List<Tag>> ResolveTagsAsync(string? text, CancellationToken ct)
    {
        var names = (text ?? "").Split([',', Chars.ArabicComma, '\n', '\u061B'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => PersianText.NormalizeLine(t)).Where(t => t.Length is > 0 and <= 100).Distinct().Take(20).ToList();
        var existing = await db.Tags.Where(t => names.Contains(t.Name)).ToListAsync(ct);
        foreach (var name in names.Where(n => existing.All(t => t.Name != n)))
        {
            var tag = new Tag { Name = name };
            db.Tags.Add(tag);
            existing.Add(tag);
        }

        return [.. names.Select(n => existing.First(t => t.Name == n))];
    }

    private async Task AddRevisionAsync(Article article, ClaimsPrincipal user, EditorAction? action, CancellationToken ct, string? note = null)
    {
        var tags = string.Join('\n', article.Tags.Select(t => t.Name));
        if (action == EditorAction.Autosave)
        {
            var last = await db.ArticleRevisions.Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
            if (last is not null && last.Title == article.Title && last.Rotitr == article.Rotitr && last.Lead == article.Lead
                && last.BodyHtml == article.BodyHtml && last.Tags == tags && last.ServiceId == article.ServiceId)
            {
                return;
            }
        }

        db.ArticleRevisions.Add(new ArticleRevision
        {
            ArticleId = article.Id,
            At = clock.GetUtcNow().UtcDateTime,
            UserName = user.Identity?.Name ?? "",
            Rotitr = article.Rotitr,
            Title = article.Title,
            Lead = article.Lead,
            BodyHtml = article.BodyHtml,
            ServiceId = article.ServiceId,
            Tags = tags,
            Note = note ?? action switch
            {
                EditorAction.Autosave => "ذخیرهٔ خودکار",
                EditorAction.Submit => "ارسال برای دبیر",
                EditorAction.Publish => "انتشار",
                EditorAction.Schedule => "زمان\u200Cبندی",
                EditorAction.Unpublish => "لغو انتشار",
                _ => "ذخیره",
            },
        });
    }

    private async Task<long> NextCodeAsync(CancellationToken ct) =>
        Math.Max(1000, (await db.Articles.MaxAsync(a => (long?)a.Code, ct) ?? 0) + 1);

    private async Task EvictAsync(CancellationToken ct)
    {
        navigation.Invalidate();
        await cache.EvictAsync(PageCache.AllTag, ct);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
