using Khabar.Features.Articles;
using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Listings;

/// <summary>A tag page: articles with that tag, newest first. The tag is found whatever letters the URL used.</summary>
[PublicCache("page:n", Tags = [CacheTags.TagOfRoute])]
public sealed class TagModel(NewsDb db, TimeProvider clock) : PublicPageModel
{
    public string Name { get; private set; } = "";

    public IReadOnlyList<ArticleCard> Cards { get; private set; } = [];

    public Pager Pager { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string name, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        var key = PersianText.NormalizeLine(name);
        var tag = await db.Tags.AsNoTracking().Where(t => t.Name == key).Select(t => new { t.Id, t.Name }).FirstOrDefaultAsync(ct);
        if (tag is null)
        {
            return NotFound();
        }

        if (tag.Name != name)
        {
            return RedirectPermanent(Urls.Ascii(Urls.Tag(tag.Name)) + Request.QueryString);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var current = Pager.Clamp(pageNumber);
        var query = db.Published(now).Where(a => a.Tags.Any(t => t.Id == tag.Id));
        (Cards, Pager) = await query.PageAsync(current, Urls.Tag(tag.Name), null, ct);
        Name = tag.Name;
        PageTitle = current > 1 ? $"{tag.Name} - صفحهٔ {PersianFormat.Num(current)}" : tag.Name;
        Description = $"اخبار با برچسب «{tag.Name}»";
        CanonicalPath = Pager.UrlOf(current);
        return Page();
    }
}
