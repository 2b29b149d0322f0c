using Khabar.Features.Articles;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

/// <summary>
/// The article as readers will see it: the saved one (GET, whatever its state), or what is in the editor now, saved
/// or not (POST from the editor's «پیش‌نمایش» button, also at /newsroom/articles/preview before the first save).
/// </summary>
[Authorize(Policy = Policies.Write)]
public sealed class PreviewModel(NewsDb db) : PublicPageModel
{
    public ArticleBodyView View { get; private set; } = null!;

    public string StatusName { get; private set; } = "";

    /// <summary>The editor's unsaved text is shown: nothing was saved or published.</summary>
    public bool Unsaved { get; private set; }

    public async Task<IActionResult> OnGetAsync(long code, [FromServices] TimeProvider clock, CancellationToken ct)
    {
        // Any member who writes may preview any article: the list of articles is open to them already.
        var article = await db.Articles.AsNoTracking().Where(a => a.Code == code)
            .Select(a => new { a.Status, a.PublishedAt, Tags = a.Tags.Select(t => t.Name).ToList() }).FirstOrDefaultAsync(ct);
        var view = await db.Articles.AsNoTracking().Where(a => a.Code == code).ToViews().FirstOrDefaultAsync(ct);
        if (article is null || view is null)
        {
            return NotFound();
        }

        View = new ArticleBodyView(view, article.Tags, SiteOrigin.Of(HttpContext) + Urls.ShortLink(code), await ArticleParts.LoadAsync(db, view.Id, view.Type, ct));
        StatusName = ArticlesModel.StatusName(article.Status, article.PublishedAt, clock.GetUtcNow().UtcDateTime);
        PageTitle = "پیش‌نمایش: " + view.Title;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(
        [FromForm] ArticleForm form, long? previewCode, [FromServices] TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var saved = previewCode is { } code
            ? await db.Articles.AsNoTracking().Where(a => a.Code == code).Select(a => new { a.Id, a.Code, a.Slug, a.ImageUrl, a.Status, a.PublishedAt, a.Type, a.LiveEndedAt, a.VideoUrl, a.VideoPoster }).FirstOrDefaultAsync(ct)
            : null;
        var service = await db.Services.AsNoTracking().Where(s => s.Id == form.ServiceId).Select(s => new { s.Id, s.Slug, s.Name, s.Color }).FirstOrDefaultAsync(ct);
        var title = PersianText.NormalizeLine(form.Title);
        var image = form.RemoveImage ? null
            : form.RestoreImage is { } restored ? (Import.ImportLine.IsImageAddress(restored) && restored.Length > 0 ? restored : null)
            : saved?.ImageUrl;
        var view = new PublishedArticle(
            0, saved?.Code ?? 0, Slug.Of(title), PersianText.NormalizeLine(form.Rotitr), title.Length > 0 ? title : "(بی\u200Cتیتر)",
            PersianText.NormalizeLine(form.Lead), BodyHtml.Clean(form.Body), image, NullIfEmpty(PersianText.NormalizeLine(form.ImageCaption)),
            NullIfEmpty(PersianText.NormalizeLine(form.Source)), saved?.PublishedAt ?? now, now, service?.Id ?? 0, service?.Slug ?? "",
            service?.Name ?? "(سرویس انتخاب نشده)", service?.Color ?? "#0b5cad");
        var tags = ArticleEditor.TagNames(form.Tags);
        var parts = saved is null ? ArticleParts.Empty : await ArticleParts.LoadAsync(db, saved.Id, saved.Type, ct);
        view = view with { Type = saved?.Type ?? ArticleType.News, LiveEndedAt = saved?.LiveEndedAt, VideoUrl = saved?.VideoUrl, VideoPoster = saved?.VideoPoster };
        View = new ArticleBodyView(view, tags, SiteOrigin.Of(HttpContext) + Urls.ShortLink(view.Code), parts);
        StatusName = saved is null ? "ذخیره\u200Cنشده" : ArticlesModel.StatusName(saved.Status, saved.PublishedAt, now);
        Unsaved = true;
        PageTitle = "پیش‌نمایش: " + view.Title;
        return Page();
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
