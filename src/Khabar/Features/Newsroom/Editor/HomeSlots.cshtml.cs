using Khabar.Features.Articles;
using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

/// <summary>Editors order the lead slots of the home page: slot 1 is the lead story, 2 to 4 stand beside it.</summary>
[Authorize(Policy = Policies.Publish)]
public sealed class HomeSlotsModel(NewsDb db, ArticleEditor editor, TimeProvider clock) : NewsroomPageModel
{
    public const int Slots = 4;

    public IReadOnlyList<ArticleCard> Candidates { get; private set; } = [];

    public IReadOnlyList<long?> Current { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageTitle = "چیدمان صفحهٔ اول";
        var now = clock.GetUtcNow().UtcDateTime;
        Candidates = await db.Published(now).Newest().Take(60).ToCards().ToListAsync(ct);
        var slotted = await db.Published(now).Where(a => a.HomeSlot != null).Select(a => new { a.Code, a.HomeSlot }).ToListAsync(ct);
        Current = [.. Enumerable.Range(1, Slots).Select(i => slotted.FirstOrDefault(s => s.HomeSlot == i)?.Code)];
    }

    public async Task<IActionResult> OnPostAsync(long?[] slot, CancellationToken ct)
    {
        await editor.SetHomeSlotsAsync([.. slot.Take(Slots)], User, ct);
        return BackHere("چیدمان صفحهٔ اول ذخیره شد.");
    }
}
