using System.Globalization;
using Khabar.Features.Articles;
using Khabar.Features.Newsroom.Editor;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Story;

public sealed record StoryPhoto(int Id, string ImageUrl, string Caption, string Credit);

/// <summary>
/// «نوع و پیوست‌های خبر»: type and bylines, live entries (added without leaving the page), photos, video, corrections
/// and «خبر فوری» of one article. Who may change it is who may edit it (<see cref="ArticleEditor.CanEdit"/>): a reporter
/// their own drafts, editors and admins everything.
/// </summary>
[Authorize(Policy = Policies.Write)]
[RequestFormLimits(MultipartBodyLengthLimit = MediaStore.MaxVideoBytes + 1_000_000)]
[RequestSizeLimit(MediaStore.MaxVideoBytes + 1_000_000)]
public sealed class StoryModel(NewsDb db, StoryDesk desk, TimeProvider clock) : NewsroomPageModel
{
    public Article Article { get; private set; } = null!;

    public string Authors { get; private set; } = "";

    public IReadOnlyList<LiveEntryView> Live { get; private set; } = [];

    public IReadOnlyList<StoryPhoto> Photos { get; private set; } = [];

    public IReadOnlyList<CorrectionView> Corrections { get; private set; } = [];

    [TempData]
    public string? Error { get; set; }

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(long code, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        if (article is null)
        {
            return NotFound();
        }

        if (!ArticleEditor.CanEdit(User, article))
        {
            return Forbid();
        }

        Article = article;
        var parts = await ArticleParts.LoadAsync(db, article.Id, ArticleType.Live, ct);
        Authors = string.Join("، ", parts.Authors.Select(a => a.Name));
        Live = parts.Live;
        Corrections = parts.Corrections;
        Photos = await db.ArticlePhotos.AsNoTracking().Where(p => p.ArticleId == article.Id).OrderBy(p => p.Position)
            .Select(p => new StoryPhoto(p.Id, p.ImageUrl, p.Caption, p.Credit)).ToListAsync(ct);
        PageTitle = "نوع و پیوست‌ها: " + article.Title;
        return Page();
    }

    /// <summary>A post naming no action: nothing to do, back to the page (refused to whoever may not edit the article).</summary>
    public Task<IActionResult> OnPostAsync(long code, CancellationToken ct) => DoAsync(code, () => Task.CompletedTask, "", ct);

    public Task<IActionResult> OnPostKindAsync(long code, ArticleType type, string? authors, CancellationToken ct) =>
        DoAsync(code, () => desk.SetKindAsync(code, Enum.IsDefined(type) ? type : ArticleType.News, authors, User, ct), "نوع خبر و نویسندگان ذخیره شد.", ct);

    public async Task<IActionResult> OnPostLiveAsync(long code, string? time, string? text, bool key, IFormFile? image, CancellationToken ct)
    {
        LiveEntry? added = null;
        var result = await DoAsync(code, async () => added = await desk.AddLiveEntryAsync(code, TimeToday(time), text, key, image, User, ct), "رویداد به پوشش زنده افزوده شد.", ct);
        if (added is not null && Request.Headers["X-Requested-With"] == "fetch")
        {
            Notice = null;
            // The new entry as the public page shows it: the desk's list puts it on top without a reload.
            return Partial("/Features/Articles/_LiveEntry.cshtml", new LiveEntryView(added.Id, added.At, added.Text, added.ImageUrl, added.IsKey));
        }

        return result;
    }

    public Task<IActionResult> OnPostLiveRemoveAsync(long code, long id, CancellationToken ct) =>
        DoAsync(code, () => desk.RemoveLiveEntryAsync(code, id, User, ct), "رویداد حذف شد.", ct);

    public Task<IActionResult> OnPostLiveEndAsync(long code, bool ended, CancellationToken ct) =>
        DoAsync(code, () => desk.EndLiveAsync(code, ended, User, ct), ended ? "پوشش زنده پایان یافت." : "پوشش زنده از سر گرفته شد.", ct);

    public Task<IActionResult> OnPostPhotoAsync(long code, IFormFile? photo, string? caption, string? credit, CancellationToken ct) =>
        DoAsync(code, () => photo is { Length: > 0 } ? desk.AddPhotoAsync(code, photo, caption, credit, User, ct) : throw new StoryException("عکسی انتخاب نشده است."), "عکس افزوده شد.", ct);

    public Task<IActionResult> OnPostPhotoEditAsync(long code, int id, string? caption, string? credit, int move, bool remove, CancellationToken ct) =>
        DoAsync(code, () => desk.EditPhotoAsync(code, id, caption, credit, move, remove, User, ct), remove ? "عکس حذف شد." : "عکس ذخیره شد.", ct);

    public Task<IActionResult> OnPostVideoAsync(long code, IFormFile? video, string? address, IFormFile? poster, CancellationToken ct) =>
        DoAsync(code, () => desk.SetVideoAsync(code, video, address, poster, User, ct), "ویدیو ذخیره شد.", ct);

    public Task<IActionResult> OnPostCorrectionAsync(long code, string? text, CancellationToken ct) =>
        DoAsync(code, () => desk.AddCorrectionAsync(code, text, User, ct), "اصلاحیه افزوده شد.", ct);

    public Task<IActionResult> OnPostBreakingAsync(long code, int hours, CancellationToken ct) =>
        DoAsync(code, () => desk.SetBreakingAsync(code, hours > 0 ? Now.AddHours(Math.Min(hours, 72)) : null, User, ct),
            hours > 0 ? "خبر فوری شد؛ نوار «خبر فوری» در همهٔ صفحه‌ها نمایش داده می‌شود." : "خبر از «خبر فوری» برداشته شد.", ct);

    /// <summary>Runs one action of the desk; a refusal is shown above the page, and nothing changed.</summary>
    private async Task<IActionResult> DoAsync(long code, Func<Task> action, string done, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        if (article is null)
        {
            return NotFound();
        }

        if (!ArticleEditor.CanEdit(User, article))
        {
            return Forbid();
        }

        try
        {
            await action();
        }
        catch (Exception e) when (e is StoryException or MediaException)
        {
            return Refuse(e.Message);
        }

        Notice = done;
        return LocalRedirect(Request.Path); // the page again (post/redirect/get), not the handler's address
    }

    private IActionResult Refuse(string message)
    {
        if (Request.Headers["X-Requested-With"] == "fetch")
        {
            return BadRequest(message);
        }

        Error = message;
        return LocalRedirect(Request.Path);
    }

    /// <summary>«ساعت» of a live entry, today in Tehran (HH:mm, Persian or ASCII digits); empty is now.</summary>
    private DateTime? TimeToday(string? time)
    {
        if (string.IsNullOrWhiteSpace(time))
        {
            return null;
        }

        if (!TimeOnly.TryParseExact(Digits.ToAscii(time.Trim()), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            throw new StoryException("ساعت رویداد را به شکل ۱۴:۳۰ بنویسید، یا خالی بگذارید تا «اکنون» ثبت شود.");
        }

        return Jalali.TehranToUtc(Jalali.ToTehran(Now).Date + at.ToTimeSpan());
    }
}
