using Khabar.Features.Newsroom;
using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Moderation;

/// <summary>Banned words (auto-reject) and suspect words (held, highlighted), matched on the search key.</summary>
[Authorize(Policy = Policies.Moderate)]
public sealed class WordsModel(NewsDb db, ModerationDesk desk) : NewsroomPageModel
{
    public IReadOnlyList<ModerationWord> Words { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageTitle = "واژه‌های ممنوع و مشکوک";
        Words = await db.ModerationWords.AsNoTracking().OrderBy(w => w.Kind).ThenBy(w => w.Text).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostAddAsync(string? text, string? kind, CancellationToken ct)
    {
        var error = await desk.AddWordAsync(text, kind == "suspect" ? WordKind.Suspect : WordKind.Banned, User, ct);
        if (error is null)
        {
            return BackHere("واژه افزوده شد.");
        }

        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken ct)
    {
        await desk.RemoveWordAsync(id, User, ct);
        return BackHere("واژه حذف شد.");
    }
}
