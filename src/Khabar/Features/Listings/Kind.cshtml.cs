using Khabar.Features.Articles;
using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Khabar.Features.Listings;

/// <summary>«گزارش تصویری» (/photo) and «فیلم» (/video): the photo reports and the videos, newest first.</summary>
[PublicCache("page:n")]
public sealed class KindModel(NewsDb db, TimeProvider clock) : PublicPageModel
{
    public ListingView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string kind, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        var type = kind == "photo" ? ArticleType.Photo : ArticleType.Video;
        var name = type == ArticleType.Photo ? "گزارش تصویری" : "فیلم";
        var path = ArticleKinds.ListingUrl(type)!;
        var current = Pager.Clamp(pageNumber);
        var (cards, pager) = await db.Published(clock.GetUtcNow().UtcDateTime).Where(a => a.Type == type).PageAsync(current, path, null, ct);
        View = new ListingView("چندرسانه‌ای", name, null, cards, pager,
            type == ArticleType.Photo ? "هنوز گزارش تصویری منتشر نشده است." : "هنوز فیلمی منتشر نشده است.");
        PageTitle = current > 1 ? $"{name} - صفحهٔ {PersianFormat.Num(current)}" : name;
        Description = type == ArticleType.Photo ? "تازه‌ترین گزارش‌های تصویری" : "تازه‌ترین فیلم‌های خبری";
        CanonicalPath = pager.UrlOf(current);
        return Page();
    }
}
