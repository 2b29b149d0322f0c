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

    /// <summary>
    /// Set when a revision was brought back into the editor («بازگردانی»): its lead image ("" = none), kept unless a
    /// new file is chosen or «حذف تصویر» is ticked. Only an image that one of the article's revisions had is taken.
    /// </summary>
    public string? RestoreImage { get; set; }

    /// <summary>The revision brought back into the editor, named in the note of the revision its save makes.</summary>
    public long? RestoredFrom { get; set; }
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

public sealed record EditorResult(
    Article? Article, IReadOnlyDictionary<string, string> Errors, bool Forbidden = false, bool Conflict = false,
    IReadOnlyList<string>? Normalized = null, ArticleRevision? Pending = null)
{
    public bool Succeeded => Article is not null && Errors.Count == 0 && !Forbidden && !Conflict;
}

/// <summary>
/// The article workflow: reporter drafts and submits, editor publishes now or at a Jalali date and time,
/// unpublishes; every save is normalized for storage, kept as a revision and audited where it matters.
/// </summary>
public sealed class ArticleEditor(NewsDb db, TimeProvider clock, ContentChanges changes, Search.ISearchIndex search)
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

        if (IsLive(article, now) && action is EditorAction.Save or EditorAction.Autosave)
        {
            // Readers keep the published text: the changes wait in a pending revision until someone publishes.
            return await SavePendingAsync(article, form, action, imageUrl, user, now, ct);
        }

        var normalized = Apply(article, form, errors);
        DateTime? scheduleAt = null;
        if (action == EditorAction.Schedule)
        {
            scheduleAt = ParseSchedule(form, now, errors);
        }

        var serviceChosen = await db.Services.AnyAsync(s => s.Id == form.ServiceId, ct);
        if (action != EditorAction.Autosave && !serviceChosen)
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
        else if (await RestoredImageAsync(article, form, ct) is { } restored)
        {
            article.ImageUrl = restored.Length == 0 ? null : restored;
        }

        // A draft autosaved before its writer chose a service is kept under the first one (the column needs one;
        // a draft is seen nowhere), and its revision remembers that none was chosen, so the editor asks again.
        article.ServiceId = serviceChosen ? form.ServiceId : article.ServiceId;
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
        await AddRevisionAsync(article, user, action, serviceChosen ? article.ServiceId : 0, form.RestoredFrom, ct);
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

    /// <summary>Published and public now: what readers see changes only when someone publishes.</summary>
    public static bool IsLive(Article article, DateTime now) =>
        article.Id != 0 && article.Status == ArticleStatus.Published && article.PublishedAt <= now;

    /// <summary>The changes to a live article saved without publishing, while they are newer than the article.</summary>
    public Task<ArticleRevision?> PendingAsync(Article article, CancellationToken ct) =>
        db.ArticleRevisions.AsNoTracking()
            .Where(r => r.ArticleId == article.Id && r.Pending && r.At > article.UpdatedAt)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    /// <summary>A revision's number within its article (1 = the first save), as the revisions page shows it.</summary>
    public Task<int> RevisionNumberAsync(ArticleRevision revision, CancellationToken ct) =>
        db.ArticleRevisions.CountAsync(r => r.ArticleId == revision.ArticleId && r.Id <= revision.Id, ct);

    private async Task<EditorResult> SavePendingAsync(
        Article article, ArticleForm form, EditorAction action, string? imageUrl, ClaimsPrincipal user, DateTime now, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var draft = new Article { Id = article.Id, Title = "", ImageUrl = article.ImageUrl };
        var normalized = Apply(draft, form, errors);
        var serviceChosen = await db.Services.AnyAsync(s => s.Id == form.ServiceId, ct);
        if (action == EditorAction.Save && !serviceChosen)
        {
            errors["service_id"] = "سرویس خبر را انتخاب کنید.";
        }

        if (errors.Count > 0 && action == EditorAction.Save)
        {
            return new EditorResult(article, errors, Normalized: normalized);
        }

        draft.ImageUrl = imageUrl ?? (form.RemoveImage ? null
            : await RestoredImageAsync(article, form, ct) is { } restored ? (restored.Length == 0 ? null : restored) : article.ImageUrl);
        var tags = string.Join('\n', TagNames(form.Tags));
        var userName = user.Identity?.Name ?? "";
        // One pending revision per writer and sitting: later saves of the same changes update it.
        var pending = await db.ArticleRevisions
            .Where(r => r.ArticleId == article.Id && r.Pending && r.At > article.UpdatedAt)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var last = await db.ArticleRevisions.Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Id).Select(r => r.Id).FirstOrDefaultAsync(ct);
        if (pending is null || pending.Id != last || pending.UserName != userName)
        {
            pending = new ArticleRevision { ArticleId = article.Id, Pending = true };
            db.ArticleRevisions.Add(pending);
        }

        pending.At = now;
        pending.UserName = userName;
        pending.Rotitr = draft.Rotitr;
        pending.Title = draft.Title;
        pending.Lead = draft.Lead;
        pending.BodyHtml = draft.BodyHtml;
        pending.ServiceId = serviceChosen ? form.ServiceId : article.ServiceId;
        pending.Tags = tags;
        pending.ImageUrl = draft.ImageUrl;
        pending.ImageCaption = draft.ImageCaption;
        pending.Source = draft.Source;
        pending.Note = await RestoreNoteAsync(action == EditorAction.Autosave ? "ذخیرهٔ خودکار، منتشرنشده" : "ذخیره، منتشرنشده", article.Id, form.RestoredFrom, ct);
        await db.SaveChangesAsync(ct);
        return new EditorResult(article, errors, Normalized: normalized, Pending: pending);
    }

    /// <summary>The image of a restored revision ("" = none), or null when nothing was restored or it is not the article's.</summary>
    private async Task<string?> RestoredImageAsync(Article article, ArticleForm form, CancellationToken ct)
    {
        if (form.RestoreImage is not { } image || article.Id == 0)
        {
            return null;
        }

        if (image.Length == 0 || image == article.ImageUrl)
        {
            return image;
        }

        return await db.ArticleRevisions.AnyAsync(r => r.ArticleId == article.Id && r.ImageUrl == image, ct) ? image : null;
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
        await changes.PublishAsync(ContentChange.Home, ct);
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

    /// <summary>Tag names as the writer typed them (commas of either script, semicolons or new lines), normalized, at most 20.</summary>
    public static List<string> TagNames(string? text) =>
        (text ?? "").Split([',', Chars.ArabicComma, '\n', '\u061B'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => PersianText.NormalizeLine(t)).Where(t => t.Length is > 0 and <= 100).Distinct().Take(20).ToList();

    private async Task<List<Tag>> ResolveTagsAsync(string? text, CancellationToken ct)
    {
        var names = TagNames(text);
        var existing = await db.Tags.Where(t => names.Contains(t.Name)).ToListAsync(ct);
        foreach (var name in names.Where(n => existing.All(t => t.Name != n)))
        {
            var tag = new Tag { Name = name };
            db.Tags.Add(tag);
            existing.Add(tag);
        }

        return [.. names.Select(n => existing.First(t => t.Name == n))];
    }

    private async Task AddRevisionAsync(Article article, ClaimsPrincipal user, EditorAction action, int serviceId, long? restoredFrom, CancellationToken ct)
    {
        var tags = string.Join('\n', article.Tags.Select(t => t.Name));
        var userName = user.Identity?.Name ?? "";
        ArticleRevision? revision = null;
        if (action == EditorAction.Autosave)
        {
            var last = await db.ArticleRevisions.Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
            if (last is not null && last.Title == article.Title && last.Rotitr == article.Rotitr && last.Lead == article.Lead
                && last.BodyHtml == article.BodyHtml && last.Tags == tags && last.ServiceId == serviceId
                && last.ImageUrl == article.ImageUrl && last.ImageCaption == article.ImageCaption && last.Source == article.Source)
            {
                return;
            }

            // Autosaves of one sitting are one revision: each replaces the autosave before it by the same writer.
            if (last is { Pending: false } && last.UserName == userName && last.Note == AutosaveNote)
            {
                revision = last;
            }
        }

        if (revision is null)
        {
            revision = new ArticleRevision { ArticleId = article.Id };
            db.ArticleRevisions.Add(revision);
        }

        revision.At = clock.GetUtcNow().UtcDateTime;
        revision.UserName = userName;
        revision.Rotitr = article.Rotitr;
        revision.Title = article.Title;
        revision.Lead = article.Lead;
        revision.BodyHtml = article.BodyHtml;
        revision.ServiceId = serviceId;
        revision.Tags = tags;
        revision.ImageUrl = article.ImageUrl;
        revision.ImageCaption = article.ImageCaption;
        revision.Source = article.Source;
        revision.Note = action == EditorAction.Autosave ? AutosaveNote : await RestoreNoteAsync(action switch
        {
            EditorAction.Submit => "ارسال برای دبیر",
            EditorAction.Publish => "انتشار",
            EditorAction.Schedule => "زمان\u200Cبندی",
            EditorAction.Unpublish => "لغو انتشار",
            _ => "ذخیره",
        }, article.Id, restoredFrom, ct);
    }

    private const string AutosaveNote = "ذخیرهٔ خودکار";

    private async Task<string> RestoreNoteAsync(string note, int articleId, long? restoredFrom, CancellationToken ct)
    {
        var revision = restoredFrom is { } id
            ? await db.ArticleRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.ArticleId == articleId, ct)
            : null;
        return revision is null ? note : $"{note} (بازگردانی نسخهٔ {Digits.ToPersian(await RevisionNumberAsync(revision, ct))})";
    }

    private async Task<long> NextCodeAsync(CancellationToken ct) =>
        Math.Max(1000, (await db.Articles.MaxAsync(a => (long?)a.Code, ct) ?? 0) + 1);

    private Task EvictAsync(CancellationToken ct) => changes.PublishAsync(ContentChange.Content, ct);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
