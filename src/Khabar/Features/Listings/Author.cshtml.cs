using Khabar.Features.Articles;
using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Listings;

/// <summary>An author's page, /author/{slug}: the articles they signed, newest first, with its own RSS.</summary>
[PublicCache("page:n")]
public sealed class AuthorModel(NewsDb db, TimeProvider clock) : PublicPageModel
{
    public ListingView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        var author = await db.Authors.AsNoTracking().Where(a => a.Slug == slug).Select(a => new { a.Id, a.Name, a.Slug }).FirstOrDefaultAsync(ct);
        if (author is null)
        {
            return NotFound();
        }

        var path = Urls.Author(author.Slug);
        var current = Pager.Clamp(pageNumber);
        var (cards, pager) = await db.Published(clock.GetUtcNow().UtcDateTime)
            .Where(a => db.Bylines.Any(b => b.ArticleId == a.Id && b.AuthorId == author.Id)).PageAsync(current, path, null, ct);
        View = new ListingView("نویسنده", author.Name, path + "/rss", cards, pager, "هنوز خبری با امضای این نویسنده منتشر نشده است.");
        PageTitle = current > 1 ? $"{author.Name} - صفحهٔ {PersianFormat.Num(current)}" : author.Name;
        Description = $"اخبار و گزارش‌های {author.Name}";
        CanonicalPath = pager.UrlOf(current);
        return Page();
    }
}
