using Khabar.Features.Newsroom;
using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Moderation;

/// <summary>Blocked IP addresses and emails: their comments are refused with a polite message.</summary>
[Authorize(Policy = Policies.Moderate)]
public sealed class BlocksModel(NewsDb db, ModerationDesk desk) : NewsroomPageModel
{
    public IReadOnlyList<Block> Blocks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageTitle = "نشانی‌ها و ایمیل‌های مسدود";
        Blocks = await db.Blocks.AsNoTracking().OrderByDescending(b => b.CreatedAt).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostAddAsync(string? kind, string? value, string? reason, CancellationToken ct) =>
        BackHere(await desk.BlockAsync(kind == "email" ? BlockKind.Email : BlockKind.Ip, value, reason, User, ct)
            ? "مسدود شد."
            : "مسدود نشد: نشانی یا ایمیل نامعتبر است یا پیش‌تر مسدود شده است.");

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken ct) =>
        BackHere(await desk.UnblockAsync(id, User, ct) ? "مسدودی برداشته شد." : "پیدا نشد.");
}
