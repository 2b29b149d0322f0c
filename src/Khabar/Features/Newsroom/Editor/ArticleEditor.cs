using System.Globalization;
using System.Security.Claims;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

/// <summary>
/// The article workflow: reporter drafts and submits, editor publishes now or at a Jalali date and time,
/// unpublishes; every save is normalized for storage, kept as a revision and audited where it matters.
/// </summary>
public sealed partial class ArticleEditor(NewsDb db, TimeProvider clock, ContentChanges changes, Search.ISearchIndex search)
{
    public static bool CanPublish(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Editor);

    /// <summary>Reporters edit their own drafts and submissions; editors and admins edit everything.</summary>
    public static bool CanEdit(ClaimsPrincipal user, Article article) =>
        CanPublish(user)
        || (user.IsInRole(Roles.Reporter) && article.AuthorId == user.FindFirstValue(ClaimTypes.NameIdentifier)
            && article.Status is ArticleStatus.Draft or ArticleStatus.InReview);

    /// <summary>One save from the editor, in steps: open, check, apply the form, the image, service and tags, the action; commit; tell the change bus.</summary>
    public async Task<EditorResult> SaveAsync(long? code, ArticleForm form, EditorAction action, string? imageUrl, ClaimsPrincipal user, CancellationToken ct)
    {
        if (action is EditorAction.Publish or EditorAction.Schedule or EditorAction.Unpublish && !CanPublish(user))
        {
            return new EditorResult(null, new Dictionary<string, string>(), Forbidden: true);
        }

        // Whole microseconds: what PostgreSQL keeps of an instant, so the version (UpdatedAt's ticks) read back is the one given out.
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % 10));
        var (article, refused) = await OpenAsync(code, form, user, now, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (IsLive(article, now) && action is EditorAction.Save or EditorAction.Autosave)
        {
            // Readers keep the published text: the changes wait in a pending revision until someone publishes.
            return await SavePendingAsync(article, form, action, imageUrl, user, now, ct);
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var normalized = Apply(article, form, errors);
        var scheduleAt = action == EditorAction.Schedule ? ParseSchedule(form, now, errors) : null;
        var serviceChosen = await db.Services.AnyAsync(s => s.Id == form.ServiceId, ct);
        if (action != EditorAction.Autosave && !serviceChosen)
        {
            errors["service_id"] = "سرویس خبر را انتخاب کنید.";
        }

        if (errors.Count > 0 && action != EditorAction.Autosave)
        {
            return new EditorResult(article, errors, Normalized: normalized);
        }

        await ApplyImageAsync(article, form, imageUrl, ct);
        await ApplyServiceAndTagsAsync(article, form, serviceChosen, ct);
        article.Slug = Slug.Of(article.Title);
        article.UpdatedAt = now;
        var audit = ApplyAction(article, action, scheduleAt, now);
        await CommitAsync(article, user, action, serviceChosen ? article.ServiceId : 0, form.RestoredFrom, audit, now, ct);
        if (article.Status is ArticleStatus.Published or ArticleStatus.Scheduled or ArticleStatus.Unpublished)
        {
            await changes.PublishAsync(ContentChange.Content, ct);
        }

        return new EditorResult(article, errors, Normalized: normalized);
    }

    /// <summary>The article to save — found and editable by this user at the version they started from — or a new draft; else the refusal.</summary>
    private async Task<(Article Article, EditorResult? Refused)> OpenAsync(long? code, ArticleForm form, ClaimsPrincipal user, DateTime now, CancellationToken ct)
    {
        var none = new Dictionary<string, string>(StringComparer.Ordinal);
        if (code is not { } existing)
        {
            return (new Article
            {
                Title = "",
                Status = ArticleStatus.Draft,
                CreatedAt = now,
                AuthorId = user.FindFirstValue(ClaimTypes.NameIdentifier),
                AuthorName = user.Identity?.Name ?? "",
            }, null);
        }

        var article = await db.Articles.Include(a => a.Tags).FirstOrDefaultAsync(a => a.Code == existing, ct);
        if (article is null)
        {
            return (null!, new EditorResult(null, new Dictionary<string, string> { ["code"] = "خبری با این کد پیدا نشد." }));
        }

        return !CanEdit(user, article) ? (article, new EditorResult(article, none, Forbidden: true))
            : form.Version != article.UpdatedAt.Ticks ? (article, new EditorResult(article, none, Conflict: true))
            : (article, null);
    }

    /// <summary>A new upload, «حذف تصویر», or the image of a restored revision; otherwise the image stays.</summary>
    private async Task ApplyImageAsync(Article article, ArticleForm form, string? imageUrl, CancellationToken ct)
    {
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
    }

    private async Task ApplyServiceAndTagsAsync(Article article, ArticleForm form, bool serviceChosen, CancellationToken ct)
    {
        // A draft autosaved before its writer chose a service is kept under the first one (the column needs one;
        // a draft is seen nowhere), and its revision remembers that none was chosen, so the editor asks again.
        article.ServiceId = serviceChosen ? form.ServiceId : article.ServiceId;
        if (article.ServiceId == 0)
        {
            article.ServiceId = await db.Services.OrderBy(s => s.SortOrder).Select(s => s.Id).FirstAsync(ct);
        }

        article.Tags = await ResolveTagsAsync(form.Tags, ct);
    }

    /// <summary>The status the action gives the article, and what the audit log records of it (null: nothing).</summary>
    private static string? ApplyAction(Article article, EditorAction action, DateTime? scheduleAt, DateTime now)
    {
        switch (action)
        {
            case EditorAction.Submit when article.Status is ArticleStatus.Draft:
                article.Status = ArticleStatus.InReview;
                return null;
            case EditorAction.Publish:
                article.Status = ArticleStatus.Published;
                article.PublishedAt = article.PublishedAt is { } was && was <= now ? was : now;
                return Audit.Publish;
            case EditorAction.Schedule:
                article.Status = ArticleStatus.Scheduled;
                article.PublishedAt = scheduleAt;
                return Audit.Schedule;
            case EditorAction.Unpublish:
                article.Status = ArticleStatus.Unpublished;
                return Audit.Unpublish;
            default:
                return null;
        }
    }

    /// <summary>The article, its search entry, its revision and its audit line, in one transaction.</summary>
    private async Task CommitAsync(
        Article article, ClaimsPrincipal user, EditorAction action, int revisionServiceId, long? restoredFrom, string? audit, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (article.Id == 0)
        {
            article.Code = await NextCodeAsync(ct);
            db.Articles.Add(article);
        }

        await db.SaveChangesAsync(ct);
        await search.WriteAsync(db, article, article.Tags.Select(t => t.Name), ct);
        await AddRevisionAsync(article, user, action, revisionServiceId, restoredFrom, ct);
        if (audit is not null)
        {
            Audit.Record(db, user, now, audit, ArticleTarget(article), audit == Audit.Schedule ? Jalali.FormatDateTime(article.PublishedAt!.Value) : "");
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Published and public now: what readers see changes only when someone publishes.</summary>
    public static bool IsLive(Article article, DateTime now) =>
        article.Id != 0 && article.Status == ArticleStatus.Published && article.PublishedAt <= now;

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

    /// <summary>
    /// A new article's news code: on PostgreSQL from a sequence (writers in several processes at once), passing over
    /// codes an import took; on SQLite the next after the highest (its one writer makes that safe).
    /// </summary>
    private async Task<long> NextCodeAsync(CancellationToken ct)
    {
        if (db is not PostgresNewsDb)
        {
            return Math.Max(1000, (await db.Articles.MaxAsync(a => (long?)a.Code, ct) ?? 0) + 1);
        }

        long code;
        do
        {
            code = await db.Database.SqlQueryRaw<long>($"SELECT nextval('\"{PostgresNewsDb.ArticleCodes}\"') AS \"Value\"").SingleAsync(ct);
        }
        while (await db.Articles.AnyAsync(a => a.Code == code, ct));
        return code;
    }


    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
