using Khabar.Features.Articles;
using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Listings;

/// <summary>A service (desk) page: its articles, newest first.</summary>
[PublicCache("page:n", Tags = [CacheTags.ServiceOfRoute])]
public sealed class ServiceModel(NewsDb db, TimeProvider clock) : PublicPageModel
{
    public string Name { get; private set; } = "";

    public IReadOnlyList<ArticleCard> Cards { get; private set; } = [];

    public Pager Pager { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        var key = PersianText.NormalizeLine(slug);
        var service = await db.Services.AsNoTracking()
            .Where(s => s.Slug == slug || s.Slug == key || s.Name == key)
            .Select(s => new { s.Id, s.Slug, s.Name }).FirstOrDefaultAsync(ct);
        if (service is null)
        {
            return NotFound();
        }

        if (service.Slug != slug)
        {
            return RedirectPermanent(Urls.Ascii(Urls.Service(service.Slug)) + Request.QueryString);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var current = Pager.Clamp(pageNumber);
        var query = db.Published(now).Where(a => a.ServiceId == service.Id);
        (Cards, Pager) = await query.PageAsync(current, Urls.Service(service.Slug), null, ct);
        Name = service.Name;
        PageTitle = current > 1 ? $"{service.Name} - صفحهٔ {PersianFormat.Num(current)}" : service.Name;
        Description = $"آخرین اخبار سرویس {service.Name}";
        CanonicalPath = Pager.UrlOf(current);
        ActiveService = service.Slug;
        return Page();
    }
}
