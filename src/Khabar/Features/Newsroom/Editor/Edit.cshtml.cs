using System.Globalization;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

/// <summary>The article editor: write, autosave, submit, publish now or at a Jalali time, unpublish.</summary>
[Authorize(Policy = Policies.Write)]
[RequestFormLimits(MultipartBodyLengthLimit = MediaStore.MaxBytes + 1_000_000)]
[RequestSizeLimit(MediaStore.MaxBytes + 1_000_000)]
public sealed class EditModel(NewsDb db, ArticleEditor editor, MediaStore media, SiteNavigation navigation, TimeProvider clock) : NewsroomPageModel
{
    public long? Code { get; private set; }

    public ArticleForm Form { get; private set; } = new();

    public ArticleStatus Status { get; private set; } = ArticleStatus.Draft;

    public DateTime? PublishedAt { get; private set; }

    public string? Slug { get; private set; }

    public string? ImageUrl { get; private set; }

    public string AuthorName { get; private set; } = "";

    public int RevisionCount { get; private set; }

    public IReadOnlyList<ServiceLink> Services { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    /// <summary>The form holds a revision brought back by «بازگردانی» (its number within the article), not yet saved.</summary>
    public int? RestoringNumber { get; private set; }

    /// <summary>The form holds changes to the live article saved without publishing (autosave or «ذخیره»).</summary>
    public ArticleRevision? PendingChanges { get; private set; }

    /// <summary>The article is published and public: saving without publishing keeps readers on the published text.</summary>
    public bool IsLive { get; private set; }

    /// <summary>Today in Tehran and the next full hour, as placeholders of the schedule fields.</summary>
    public (string Date, string Time) ScheduleHint
    {
        get
        {
            var next = Jalali.ToTehran(Now).AddHours(1);
            return (Digits.ToPersian(Jalali.DateOf(Jalali.TehranToUtc(next)).ToString()), Digits.ToPersian(next.ToString("HH:00", CultureInfo.InvariantCulture)));
        }
    }

    public bool CanPublish => ArticleEditor.CanPublish(User);

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(long? code, long? revision, bool live, CancellationToken ct)
    {
        Services = await navigation.ServicesAsync(ct);
        if (code is null)
        {
            // No service until the writer picks one: a default would send a science story out under politics.
            PageTitle = "خبر تازه";
            return Page();
        }

        var article = await db.Articles.AsNoTracking().Include(a => a.Tags).FirstOrDefaultAsync(a => a.Code == code, ct);
        if (article is null)
        {
            return NotFound();
        }

        if (!ArticleEditor.CanEdit(User, article))
        {
            return Forbid();
        }

        await LoadAsync(article, ct);
        if (revision is { } id)
        {
            var restored = await db.ArticleRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.ArticleId == article.Id, ct);
            if (restored is null)
            {
                return NotFound();
            }

            FromRevision(restored);
            Form.RestoredFrom = restored.Id;
            RestoringNumber = await editor.RevisionNumberAsync(restored, ct);
        }
        else if (!live && await editor.PendingAsync(article, ct) is { } pending)
        {
            FromRevision(pending);
            PendingChanges = pending;
        }

        return Page();
    }

    /// <summary>A save from the editor, in steps: which action, the upload (if any), the save, then the answer that action gets.</summary>
    public async Task<IActionResult> OnPostAsync(long? code, [FromForm] ArticleForm form, string? action, IFormFile? image, CancellationToken ct)
    {
        // The form's ServiceId is "" until a service is chosen: that is "none" (0), reported by the editor, not a binding error.
        ModelState.Clear();
        var kind = ActionOf(action);
        var (imageUrl, uploadError, forbidden) = await UploadAsync(code, kind, image, ct);
        if (forbidden)
        {
            return Forbid();
        }

        var result = uploadError is null
            ? await editor.SaveAsync(code, form, kind, imageUrl, User, ct)
            : new EditorResult(null, new Dictionary<string, string> { ["image"] = uploadError });
        if (imageUrl is not null && !result.Succeeded)
        {
            media.Delete(imageUrl); // the article was not saved: its new image goes with it
        }

        return result.Forbidden ? Forbid()
            : kind == EditorAction.Autosave ? AutosaveAnswer(result)
            : result.Succeeded ? SavedAnswer(kind, result)
            : await RefusedAnswerAsync(code, form, result, ct);
    }

    private static EditorAction ActionOf(string? action) => action switch
    {
        "submit" => EditorAction.Submit,
        "publish" => EditorAction.Publish,
        "schedule" => EditorAction.Schedule,
        "unpublish" => EditorAction.Unpublish,
        "autosave" => EditorAction.Autosave,
        _ => EditorAction.Save,
    };

    /// <summary>The lead image chosen with this save, stored (its URL), or why not; nothing is written for someone who may not make the save.</summary>
    private async Task<(string? Url, string? Error, bool Forbidden)> UploadAsync(long? code, EditorAction kind, IFormFile? image, CancellationToken ct)
    {
        if (image is not { Length: > 0 } || kind == EditorAction.Autosave)
        {
            return (null, null, false);
        }

        if (!await MayUploadAsync(code, kind, ct))
        {
            return (null, null, true);
        }

        try
        {
            await using var stream = image.OpenReadStream();
            return (await media.SaveLeadImageAsync(stream, ct), null, false);
        }
        catch (MediaException e)
        {
            return (null, e.Message, false);
        }
    }

    /// <summary>What the editor's script reads after an autosave: the new version and when, or the conflict, or the errors.</summary>
    private IActionResult AutosaveAnswer(EditorResult result) =>
        result.Conflict
            ? StatusCode(StatusCodes.Status409Conflict, new { error = ConflictMessage })
            : result.Article is { Id: > 0 } saved
                ? new JsonResult(new
                {
                    code = saved.Code,
                    version = saved.UpdatedAt.Ticks.ToString(CultureInfo.InvariantCulture),
                    saved_at = Jalali.FormatTime(result.Pending?.At ?? saved.UpdatedAt),
                    pending = result.Pending is not null,
                })
                : BadRequest(new { errors = result.Errors });

    /// <summary>Back to the editor with a notice of what was done (and which fields were normalized).</summary>
    private RedirectResult SavedAnswer(EditorAction kind, EditorResult result)
    {
        var article = result.Article!;
        var done = kind switch
        {
            EditorAction.Submit => "خبر برای دبیر فرستاده شد.",
            EditorAction.Publish => "خبر منتشر شد.",
            EditorAction.Schedule => $"خبر برای {Jalali.FormatLongDate(article.PublishedAt!.Value)} ساعت {Jalali.FormatTime(article.PublishedAt!.Value)} زمان\u200Cبندی شد.",
            EditorAction.Unpublish => "انتشار خبر لغو شد.",
            _ when result.Pending is not null =>
                "تغییرات ذخیره شد و منتشر نشده است: خوانندگان همان نسخهٔ منتشرشده را می\u200Cبینند تا «ذخیره و انتشار» را بزنید.",
            _ => "ذخیره شد.",
        };
        if (result.Normalized is { Count: > 0 } fields)
        {
            done += $" نویسه\u200Cهای {string.Join("، ", fields)} به شکل استاندارد فارسی درآمد (ی و ک فارسی، نیم\u200Cفاصله\u200Cها، ارقام).";
        }

        Notice = done;
        return Redirect($"/newsroom/articles/edit/{article.Code.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>The editor again, with what was sent and why it was refused (400), or the conflict (409).</summary>
    private async Task<IActionResult> RefusedAnswerAsync(long? code, ArticleForm form, EditorResult result, CancellationToken ct)
    {
        Services = await navigation.ServicesAsync(ct);
        Code = code;
        Form = form;
        Errors = result.Conflict
            ? new Dictionary<string, string> { ["form"] = ConflictMessage }
            : result.Errors;
        if (result.Article is { Id: > 0 } existing)
        {
            Status = existing.Status;
            PublishedAt = existing.PublishedAt;
            Slug = existing.Slug;
            ImageUrl = existing.ImageUrl;
            IsLive = ArticleEditor.IsLive(existing, Now);
            RevisionCount = await db.ArticleRevisions.CountAsync(r => r.ArticleId == existing.Id, ct);
        }

        PageTitle = code is null ? "خبر تازه" : "ویرایش خبر";
        Response.StatusCode = result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> MayUploadAsync(long? code, EditorAction kind, CancellationToken ct)
    {
        if (kind is EditorAction.Publish or EditorAction.Schedule or EditorAction.Unpublish && !ArticleEditor.CanPublish(User))
        {
            return false;
        }

        if (code is null)
        {
            return true;
        }

        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        return article is null || ArticleEditor.CanEdit(User, article);
    }

    private const string ConflictMessage =
        "این خبر پس از باز شدن این صفحه به دست دیگری تغییر کرده است؛ تغییرات شما ذخیره نشد. متن خود را نگه دارید و صفحه را دوباره باز کنید.";

    private async Task LoadAsync(Article article, CancellationToken ct)
    {
        PageTitle = "ویرایش خبر";
        Code = article.Code;
        Status = article.Status;
        PublishedAt = article.PublishedAt;
        Slug = article.Slug;
        ImageUrl = article.ImageUrl;
        AuthorName = article.AuthorName;
        IsLive = ArticleEditor.IsLive(article, Now);
        RevisionCount = await db.ArticleRevisions.CountAsync(r => r.ArticleId == article.Id, ct);
        // A draft autosaved before a service was chosen is stored under the first one; its revision says none was.
        var serviceChosen = article.Status != ArticleStatus.Draft
            || await db.ArticleRevisions.Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Id)
                .Select(r => (int?)r.ServiceId).FirstOrDefaultAsync(ct) is not 0;
        Form = new ArticleForm
        {
            Rotitr = article.Rotitr,
            Title = article.Title,
            Lead = article.Lead,
            Body = article.BodyHtml,
            ServiceId = serviceChosen ? article.ServiceId : 0,
            Tags = string.Join("، ", article.Tags.Select(t => t.Name)),
            ImageCaption = article.ImageCaption,
            Source = article.Source,
            Version = article.UpdatedAt.Ticks,
            ScheduleDate = article.Status == ArticleStatus.Scheduled && article.PublishedAt is { } at ? Digits.ToPersian(Jalali.DateOf(at).ToString()) : null,
            ScheduleTime = article.Status == ArticleStatus.Scheduled && article.PublishedAt is { } t
                ? Digits.ToPersian(Jalali.ToTehran(t).ToString("HH:mm", CultureInfo.InvariantCulture)) : null,
        };
    }

    /// <summary>The form filled from a saved revision; the version stays the article's, so a save over a newer change is still refused.</summary>
    private void FromRevision(ArticleRevision revision)
    {
        Form.Rotitr = revision.Rotitr;
        Form.Title = revision.Title;
        Form.Lead = revision.Lead;
        Form.Body = revision.BodyHtml;
        Form.ServiceId = revision.ServiceId;
        Form.Tags = string.Join("، ", revision.Tags.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Form.ImageCaption = revision.ImageCaption;
        Form.Source = revision.Source;
        Form.RestoreImage = revision.ImageUrl ?? "";
        ImageUrl = revision.ImageUrl;
    }
}
