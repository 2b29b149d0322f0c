using System.Security.Claims;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

/// <summary>The editor's revisions: one per save, the pending changes of a live article, restored revisions.</summary>
public sealed partial class ArticleEditor
{
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
}
