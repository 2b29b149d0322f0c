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

    public bool CanPublish => ArticleEditor.CanPublish(User);

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(long? code, CancellationToken ct)
    {
        Services = await navigation.ServicesAsync(ct);
        if (code is null)
        {
            PageTitle = "خبر تازه";
            Form.ServiceId = Services.Count > 0 ? Services[0].Id : 0;
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

        Load(article);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? code, [FromForm] ArticleForm form, string? action, IFormFile? image, CancellationToken ct)
    {
        var kind = action switch
        {
            "submit" => EditorAction.Submit,
            "publish" => EditorAction.Publish,
            "schedule" => EditorAction.Schedule,
            "unpublish" => EditorAction.Unpublish,
            "autosave" => EditorAction.Autosave,
            _ => EditorAction.Save,
        };
        string? imageUrl = null;
        var uploadError = default(string);
        if (image is { Length: > 0 } && kind != EditorAction.Autosave)
        {
            try
            {
                await using var stream = image.OpenReadStream();
                imageUrl = await media.SaveLeadImageAsync(stream, ct);
            }
            catch (MediaException e)
            {
                uploadError = e.Message;
            }
        }

        var result = uploadError is null
            ? await editor.SaveAsync(code, form, kind, imageUrl, User, ct)
            : new EditorResult(null, new Dictionary<string, string> { ["image"] = uploadError });
        if (result.Forbidden)
        {
            return Forbid();
        }

        if (kind == EditorAction.Autosave)
        {
            return result.Conflict
                ? StatusCode(StatusCodes.Status409Conflict, new { error = ConflictMessage })
                : result.Article is { Id: > 0 } saved
                    ? new JsonResult(new { code = saved.Code, version = saved.UpdatedAt.Ticks.ToString(CultureInfo.InvariantCulture), saved_at = Jalali.FormatTime(saved.UpdatedAt) })
                    : BadRequest(new { errors = result.Errors });
        }

        if (result.Succeeded)
        {
            var article = result.Article!;
            var done = kind switch
            {
                EditorAction.Submit => "خبر برای دبیر فرستاده شد.",
                EditorAction.Publish => "خبر منتشر شد.",
                EditorAction.Schedule => $"خبر برای {Jalali.FormatLongDate(article.PublishedAt!.Value)} ساعت {Jalali.FormatTime(article.PublishedAt!.Value)} زمان\u200Cبندی شد.",
                EditorAction.Unpublish => "انتشار خبر لغو شد.",
                _ => "ذخیره شد.",
            };
            if (result.Normalized is { Count: > 0 } fields)
            {
                done += $" نویسه\u200Cهای {string.Join("، ", fields)} به شکل استاندارد فارسی درآمد (ی و ک فارسی، نیم\u200Cفاصله\u200Cها، ارقام).";
            }

            Notice = done;
            return Redirect($"/newsroom/articles/edit/{article.Code.ToString(CultureInfo.InvariantCulture)}");
        }

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
        }

        PageTitle = code is null ? "خبر تازه" : "ویرایش خبر";
        Response.StatusCode = result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private const string ConflictMessage =
        "این خبر پس از باز شدن این صفحه به دست دیگری تغییر کرده است؛ تغییرات شما ذخیره نشد. متن خود را نگه دارید و صفحه را دوباره باز کنید.";

    private void Load(Article article)
    {
        PageTitle = "ویرایش خبر";
        Code = article.Code;
        Status = article.Status;
        PublishedAt = article.PublishedAt;
        Slug = article.Slug;
        ImageUrl = article.ImageUrl;
        AuthorName = article.AuthorName;
        RevisionCount = db.ArticleRevisions.Count(r => r.ArticleId == article.Id);
        Form = new ArticleForm
        {
            Rotitr = article.Rotitr,
            Title = article.Title,
            Lead = article.Lead,
            Body = article.BodyHtml,
            ServiceId = article.ServiceId,
            Tags = string.Join("، ", article.Tags.Select(t => t.Name)),
            ImageCaption = article.ImageCaption,
            Source = article.Source,
            Version = article.UpdatedAt.Ticks,
            ScheduleDate = article.Status == ArticleStatus.Scheduled && article.PublishedAt is { } at ? Jalali.DateOf(at).ToString() : null,
            ScheduleTime = article.Status == ArticleStatus.Scheduled && article.PublishedAt is { } t ? Jalali.ToTehran(t).ToString("HH:mm", CultureInfo.InvariantCulture) : null,
        };
    }
}
