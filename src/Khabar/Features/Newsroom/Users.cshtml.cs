using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom;

public sealed record UserRow(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut);

/// <summary>Members of the newsroom and their roles: admins only.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class UsersModel(NewsDb db, NewsroomUsers accounts, TimeProvider clock) : NewsroomPageModel
{
    public IReadOnlyList<UserRow> Rows { get; private set; } = [];

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageTitle = "کاربران تحریریه";
        var now = clock.GetUtcNow();
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        var people = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        Rows = [.. people.Select(u => new UserRow(u.Id, u.Email ?? "", u.DisplayName,
            [.. roles.Where(r => r.UserId == u.Id).Select(r => r.Name!)], u.LockoutEnd > now))];
    }

    public async Task<IActionResult> OnPostCreateAsync(string? email, string? password, string? displayName, string? role, CancellationToken ct)
    {
        var result = await accounts.CreateOrUpdateAsync(email ?? "", password ?? "", role ?? Roles.Reporter, User, displayName);
        if (result.Succeeded)
        {
            return BackHere(result.Created ? "کاربر ساخته شد." : "گذرواژه و نقش کاربر به‌روز شد.");
        }

        Errors = result.Errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRolesAsync(string id, string[] roles, CancellationToken ct)
    {
        var error = await accounts.SetRolesAsync(id, roles, User);
        if (error is null)
        {
            return BackHere("نقش‌ها به‌روز شد.");
        }

        Errors = [error];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await OnGetAsync(ct);
        return Page();
    }
}
