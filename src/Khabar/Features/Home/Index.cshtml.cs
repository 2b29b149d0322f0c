using Khabar.Features.Caching;
using Khabar.Persian;
using Khabar.Features.Articles;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Home;

public sealed record ServiceBlock(ServiceLink Service, IReadOnlyList<ArticleCard> Articles);

/// <summary>The home page: lead story, latest news, a block per service, most viewed.</summary>
[PublicCache(Tags = [CacheTags.Home])]
public sealed class IndexModel(NewsDb db, TimeProvider clock, SiteNavigation navigation, IOptions<KhabarOptions> options, SiteDataCache lists)
    : PublicPageModel
{
    public ArticleCard? LeadStory { get; private set; }

    public IReadOnlyList<ArticleCard> Highlights { get; private set; } = [];

    public IReadOnlyList<ArticleCard> Latest { get; private set; } = [];

    /// <summary>Today in Tehran: «آخرین اخبار» dates the items of earlier days.</summary>
    public JalaliDate Today { get; private set; }

    public IReadOnlyList<ArticleCard> MostViewed { get; private set; } = [];

    public IReadOnlyList<ArticleCard> MostDiscussed { get; private set; } = [];

    public IReadOnlyList<ServiceBlock> Blocks { get; private set; } = [];

    public async Task<PageResult> OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Today = Jalali.DateOf(now);
        PageTitle = "";
        Description = $"{options.Value.SiteName}: آخرین اخبار سیاسی، اقتصادی، اجتماعی، بین\u200Cالملل، ورزشی و فرهنگی";
        CanonicalPath = "/";

        // The lead story is the newest article with a picture; the next three stand beside it.
        // Editors' slots first (1 = the lead story); otherwise the newest article with a picture leads.
        var firstSlot = await db.Published(now).Where(a => a.HomeSlot != null).OrderBy(a => a.HomeSlot).Select(a => a.HomeSlot).FirstOrDefaultAsync(ct);
        var slots = await db.Published(now).Where(a => a.HomeSlot != null).OrderBy(a => a.HomeSlot).ToCards().ToListAsync(ct);
        var slotOne = firstSlot == 1 ? slots[0] : null;
        var top = await db.Published(now).Newest().Take(12).ToCards().ToListAsync(ct);
        LeadStory = slotOne ?? top.FirstOrDefault(c => c.ImageUrl is not null) ?? top.FirstOrDefault();
        Highlights = [.. slots.Concat(top).Where(c => c.Code != LeadStory?.Code).DistinctBy(c => c.Code).Take(3)];
        var shared = await lists.GetAsync(db, now, ct);
        Latest = shared.Latest;
        MostViewed = shared.MostViewed;
        MostDiscussed = shared.MostDiscussed;

        var blocks = new List<ServiceBlock>();
        foreach (var service in await navigation.ServicesAsync(ct))
        {
            var cards = await db.Published(now).Where(a => a.ServiceId == service.Id).Newest().Take(4).ToCards().ToListAsync(ct);
            if (cards.Count > 0)
            {
                blocks.Add(new ServiceBlock(service, cards));
            }
        }

        Blocks = blocks;
        return Page();
    }
}
