using System.Security.Claims;
using Khabar.Storage;
using Microsoft.AspNetCore.Identity;

namespace Khabar.Features.Newsroom;

public sealed record AccountResult(bool Succeeded, bool Created, IReadOnlyList<string> Errors);

/// <summary>Creating members and changing their roles, shared by the panel and the CLI; role changes are audited.</summary>
public sealed class NewsroomUsers(UserManager<NewsUser> users, NewsDb db, TimeProvider clock)
{
    /// <summary>Creates the account, or for an existing email sets the password; then adds the role.</summary>
    public async Task<AccountResult> CreateOrUpdateAsync(string email, string password, string role, ClaimsPrincipal? by, string? displayName = null)
    {
        if (!Roles.All.Contains(role))
        {
            return new AccountResult(false, false, [$"نقش «{role}» وجود ندارد؛ یکی از {string.Join("، ", Roles.All)}."]);
        }

        email = Persian.Digits.ToAscii(email).Trim();
        var user = await users.FindByEmailAsync(email);
        var created = user is null;
        IdentityResult result;
        if (user is null)
        {
            user = new NewsUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = string.IsNullOrWhiteSpace(displayName) ? email : displayName.Trim(),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            result = await users.CreateAsync(user, password);
        }
        else
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            result = await users.ResetPasswordAsync(user, token, password);
            if (result.Succeeded)
            {
                await users.SetLockoutEndDateAsync(user, null);
                await users.ResetAccessFailedCountAsync(user);
            }
        }

        if (!result.Succeeded)
        {
            return new AccountResult(false, created, [.. result.Errors.Select(e => e.Description)]);
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            await users.AddToRoleAsync(user, role);
            Audit.Record(db, by, clock.GetUtcNow().UtcDateTime, Audit.Roles, email, "+" + role);
            await db.SaveChangesAsync();
        }

        return new AccountResult(true, created, []);
    }

    /// <summary>Sets exactly these roles; an admin cannot take the admin role from themselves.</summary>
    public async Task<string?> SetRolesAsync(string userId, IReadOnlyCollection<string> roles, ClaimsPrincipal by)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return "کاربر پیدا نشد.";
        }

        var wanted = roles.Where(Roles.All.Contains).ToHashSet();
        if (user.Id == by.FindFirstValue(ClaimTypes.NameIdentifier) && !wanted.Contains(Roles.Admin))
        {
            return "نمی\u200Cتوانید نقش مدیر سامانه را از خودتان بگیرید.";
        }

        var current = await users.GetRolesAsync(user);
        var add = wanted.Except(current).ToList();
        var remove = current.Except(wanted).ToList();
        await users.AddToRolesAsync(user, add);
        await users.RemoveFromRolesAsync(user, remove);
        await users.UpdateSecurityStampAsync(user);
        if (add.Count + remove.Count > 0)
        {
            var change = string.Join(' ', add.Select(r => "+" + r).Concat(remove.Select(r => "-" + r)));
            Audit.Record(db, by, clock.GetUtcNow().UtcDateTime, Audit.Roles, user.Email ?? user.Id, change);
            await db.SaveChangesAsync();
        }

        return null;
    }
}
