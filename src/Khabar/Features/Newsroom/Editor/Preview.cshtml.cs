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
        var article = await db.Articles.AsNoTracking().Include(a => a.Service).Include(a => a.Tags).FirstOrDefaultAsync(a => a.Code == code, ct);
        if (article is null)
        {
            return NotFound();
        }

        if (!ArticleEditor.CanEdit(User, article) && !User.IsInRole(Roles.Reporter))
        {
            return Forbid();
        }

        var view = new ArticleView(
            article.Id, article.Code, article.Slug, article.Rotitr, article.Title, article.Lead, article.BodyHtml, article.ImageUrl,
            article.ImageCaption, article.Source, article.PublishedAt ?? article.UpdatedAt, article.UpdatedAt, article.ServiceId,
            article.Service!.Slug, article.Service.Name, article.Service.Color);
        View = new ArticleBodyView(view, [.. article.Tags.Select(t => t.Name)], $"{Request.Scheme}://{Request.Host}{Urls.ShortLink(article.Code)}");
        StatusName = ArticlesModel.StatusName(article.Status, article.PublishedAt, clock.GetUtcNow().UtcDateTime);
        PageTitle = "پیش‌نمایش: " + article.Title;
        return Page();
    }
}
