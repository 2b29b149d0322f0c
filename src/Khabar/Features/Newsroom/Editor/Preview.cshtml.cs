using Khabar.Features.Articles;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

/// <summary>The saved article exactly as readers will see it, whatever its state.</summary>
[Authorize(Policy = Policies.Write)]
public sealed class PreviewModel(NewsDb db) : PublicPageModel
{
    public ArticleBodyView View { get; private set; } = null!;

    public string StatusName { get; private set; } = "";

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

        View = new ArticleBodyView(view, article.Tags, $"{Request.Scheme}://{Request.Host}{Urls.ShortLink(code)}");
        StatusName = ArticlesModel.StatusName(article.Status, article.PublishedAt, clock.GetUtcNow().UtcDateTime);
        PageTitle = "پیش‌نمایش: " + view.Title;
        return Page();
    }
}
