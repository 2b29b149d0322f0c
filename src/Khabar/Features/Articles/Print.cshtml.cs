using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Articles;

/// <summary>The print view: the article alone, in a page made for paper.</summary>
[PublicCache(Tags = [CacheTags.ArticleOfRoute])]
public sealed class PrintModel(NewsDb db, TimeProvider clock, IOptions<KhabarOptions> options) : PublicPageModel
{
    public PublishedArticle Article { get; private set; } = null!;

    public ArticleParts Parts { get; private set; } = ArticleParts.Empty;

    public string SiteName => options.Value.SiteName;

    public async Task<IActionResult> OnGetAsync(long code, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var article = await db.Published(now).Where(a => a.Code == code).ToViews().FirstOrDefaultAsync(ct);
        if (article is null)
        {
            return NotFound();
        }

        Article = article;
        Parts = await ArticleParts.LoadAsync(db, article, ct);
        return Page();
    }
}
