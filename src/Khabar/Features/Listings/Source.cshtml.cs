using Khabar.Features.Articles;
using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Khabar.Features.Listings;

/// <summary>The articles of one source «منبع», /source/{name}, newest first; the name is found whatever letters the URL used.</summary>
[PublicCache("page:n")]
public sealed class SourceModel(NewsDb db, TimeProvider clock) : PublicPageModel
{
    public ListingView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string name, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        var key = PersianText.NormalizeLine(name);
        if (key.Length == 0 || key.Length > 200)
        {
            return NotFound();
        }

        if (key != name)
        {
            return RedirectPermanent(Urls.Ascii(Urls.Source(key)) + Request.QueryString);
        }

        var path = Urls.Source(key);
        var current = Pager.Clamp(pageNumber);
        var (cards, pager) = await db.Published(clock.GetUtcNow().UtcDateTime).Where(a => a.Source == key).PageAsync(current, path, null, ct);
        if (pager.TotalItems == 0)
        {
            return NotFound();
        }

        View = new ListingView("منبع", key, null, cards, pager, "");
        PageTitle = current > 1 ? $"منبع: {key} - صفحهٔ {PersianFormat.Num(current)}" : $"منبع: {key}";
        Description = $"اخبار به نقل از {key}";
        CanonicalPath = pager.UrlOf(current);
        return Page();
    }
}
