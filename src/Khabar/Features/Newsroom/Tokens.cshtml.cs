using System.Security.Claims;
using Khabar.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom;

public sealed record TokenRow(int Id, string Owner, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>Personal access tokens: each member sees and revokes their own; admins see and revoke all.</summary>
public sealed class TokensModel(NewsDb db, ApiTokens tokens, UserManager<NewsUser> users, TimeProvider clock) : NewsroomPageModel
{
    public IReadOnlyList<TokenRow> Rows { get; private set; } = [];

    /// <summary>A token just made: shown this once, never again.</summary>
    public string? NewToken { get; private set; }

    private bool IsAdmin => User.IsInRole(Roles.Admin);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageTitle = "توکن‌های دسترسی";
        var query = db.ApiTokens.AsNoTracking();
        if (!IsAdmin)
        {
            query = query.Where(t => t.UserId == UserId);
        }

        Rows = await query.OrderByDescending(t => t.CreatedAt)
            .Select(t => new TokenRow(t.Id, t.User!.Email ?? "", t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Forbid();
        }

        NewToken = await tokens.CreateAsync(user, (name ?? "").Trim() is { Length: > 0 and <= 100 } n ? n : "پنل", ct);
        Audit.Record(db, User, clock.GetUtcNow().UtcDateTime, Audit.Token, user.Email ?? "", "ساخت توکن");
        await db.SaveChangesAsync(ct);
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        var revoked = await tokens.RevokeAsync(id, IsAdmin ? null : UserId, ct);
        if (revoked)
        {
            Audit.Record(db, User, clock.GetUtcNow().UtcDateTime, Audit.Token, "token:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), "ابطال");
            await db.SaveChangesAsync(ct);
        }

        return BackHere(revoked ? "توکن باطل شد." : "توکن پیدا نشد.");
    }
}
