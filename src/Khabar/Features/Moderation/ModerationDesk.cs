using System.Globalization;
using System.Security.Claims;
using Khabar.Features.Comments;
using Khabar.Features.Newsroom;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Moderation;

/// <summary>
/// What moderators do to comments, shared by the desk and the moderation API: each action is committed
/// with its audit entry, then the article's cached page is evicted so counters move at once.
/// </summary>
public sealed class ModerationDesk(NewsDb db, ContentChanges changes, TimeProvider clock)
{
    public const int ReasonMaxLength = 300;

    public Task<int> ApproveAsync(IReadOnlyCollection<long> ids, ClaimsPrincipal by, CancellationToken ct) =>
        SetStatusAsync(ids, CommentStatus.Published, null, by, ct);

    public Task<int> RejectAsync(IReadOnlyCollection<long> ids, string? reason, ClaimsPrincipal by, CancellationToken ct) =>
        SetStatusAsync(ids, CommentStatus.Rejected, Trim(reason), by, ct);

    /// <summary>«واگرد» on the desk: a comment just approved or rejected goes back to the queue.</summary>
    public Task<int> ReturnToPendingAsync(IReadOnlyCollection<long> ids, ClaimsPrincipal by, CancellationToken ct) =>
        SetStatusAsync(ids, CommentStatus.Pending, null, by, ct);

    /// <summary>
    /// «نظر برگزیده»: a comment shown first on its article and marked; featuring a waiting comment publishes it too.
    /// Null when there is no such comment; false when it was rejected (reject is undone first, on purpose).
    /// </summary>
    public async Task<bool?> FeatureAsync(long id, bool featured, ClaimsPrincipal by, CancellationToken ct)
    {
        var comment = await db.Comments.Include(c => c.Article).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (comment is null)
        {
            return null;
        }

        if (comment.Status == CommentStatus.Rejected && featured)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (featured && comment.Status == CommentStatus.Pending)
        {
            comment.Status = CommentStatus.Published;
            comment.ModeratedAt = now;
            comment.ModeratedBy = by.Identity?.Name;
            Audit.Record(db, by, now, Audit.Approve, "comment:" + id.ToString(CultureInfo.InvariantCulture));
        }

        comment.IsFeatured = featured;
        Audit.Record(db, by, now, Audit.Feature, "comment:" + id.ToString(CultureInfo.InvariantCulture), featured ? "برگزیدن" : "برداشتن از برگزیده‌ها");
        await db.SaveChangesAsync(ct);
        await changes.PublishAsync(ContentChange.Article(comment.Article!.Code), ct);
        return true;
    }

    /// <summary>Edits the text (normalized as any comment) and publishes it.</summary>
    public async Task<bool> EditAndApproveAsync(long id, string? text, ClaimsPrincipal by, CancellationToken ct)
    {
        var normalized = PersianText.Normalize(text).Trim();
        if (normalized.Length is 0 or > CommentRules.TextMaxLength)
        {
            return false;
        }

        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (comment is null)
        {
            return false;
        }

        var before = comment.Text;
        comment.Text = normalized;
        var changed = await SetStatusAsync([id], CommentStatus.Published, null, by, ct, $"ویرایش: «{Cut(before)}» ← «{Cut(normalized)}»");
        return changed == 1;
    }

    /// <summary>A reply as the newsroom: published at once, shown highlighted under the comment.</summary>
    public async Task<long?> ReplyAsync(long parentId, string? text, ClaimsPrincipal by, CancellationToken ct)
    {
        var normalized = PersianText.Normalize(text).Trim();
        var parent = await db.Comments.Where(c => c.Id == parentId)
            .Select(c => new { c.Id, c.ParentId, c.ArticleId, c.Article!.Code }).FirstOrDefaultAsync(ct);
        if (parent is null || normalized.Length is 0 or > CommentRules.TextMaxLength)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var reply = new Comment
        {
            ArticleId = parent.ArticleId,
            ParentId = parent.ParentId ?? parent.Id,
            Name = "تحریریه",
            Text = normalized,
            Status = CommentStatus.Published,
            IsStaff = true,
            CreatedAt = now,
            ModeratedAt = now,
            ModeratedBy = by.Identity?.Name,
        };
        db.Comments.Add(reply);
        Audit.Record(db, by, now, Audit.Reply, $"comment:{parentId}", Cut(normalized));
        await db.SaveChangesAsync(ct);
        await changes.PublishAsync(ContentChange.Article(parent.Code), ct);
        return reply.Id;
    }

    public async Task<bool> BlockAsync(BlockKind kind, string? value, string? reason, ClaimsPrincipal by, CancellationToken ct)
    {
        var normalized = NormalizeBlock(kind, value);
        if (normalized is null || await db.Blocks.AnyAsync(b => b.Kind == kind && b.Value == normalized, ct))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Blocks.Add(new Block { Kind = kind, Value = normalized, Reason = Trim(reason) ?? "", CreatedAt = now, CreatedBy = by.Identity?.Name ?? "" });
        Audit.Record(db, by, now, Audit.Block, $"{kind}:{normalized}", Trim(reason) ?? "");
        await db.SaveChangesAsync(ct);
        await changes.PublishAsync(ContentChange.Blocks, ct);
        return true;
    }

    public async Task<bool> UnblockAsync(int id, ClaimsPrincipal by, CancellationToken ct)
    {
        var block = await db.Blocks.FirstOrDefaultAsync(b => b.Id == id, ct);
        if (block is null)
        {
            return false;
        }

        db.Blocks.Remove(block);
        Audit.Record(db, by, clock.GetUtcNow().UtcDateTime, Audit.Unblock, $"{block.Kind}:{block.Value}");
        await db.SaveChangesAsync(ct);
        await changes.PublishAsync(ContentChange.Blocks, ct);
        return true;
    }

    public async Task<string?> AddWordAsync(string? text, WordKind kind, ClaimsPrincipal by, CancellationToken ct)
    {
        var display = PersianText.NormalizeLine(text);
        var key = SearchKey.Of(display);
        if (key.Length == 0 || display.Length > 100)
        {
            return "واژه نمی\u200Cتواند خالی یا بیش از ۱۰۰ نویسه باشد.";
        }

        if (await db.ModerationWords.AnyAsync(w => w.Key == key && w.Kind == kind, ct))
        {
            return "این واژه پیش\u200Cتر در فهرست است.";
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.ModerationWords.Add(new ModerationWord { Text = display, Key = key, Kind = kind, CreatedAt = now });
        Audit.Record(db, by, now, Audit.Words, $"{kind}:{display}", "افزودن");
        await db.SaveChangesAsync(ct);
        await changes.PublishAsync(ContentChange.Words, ct);
        return null;
    }

    public async Task RemoveWordAsync(int id, ClaimsPrincipal by, CancellationToken ct)
    {
        var word = await db.ModerationWords.FirstOrDefaultAsync(w => w.Id == id, ct);
        if (word is not null)
        {
            db.ModerationWords.Remove(word);
            Audit.Record(db, by, clock.GetUtcNow().UtcDateTime, Audit.Words, $"{word.Kind}:{word.Text}", "حذف");
            await db.SaveChangesAsync(ct);
            await changes.PublishAsync(ContentChange.Words, ct);
        }
    }

    /// <summary>An IP in canonical form (IPv6 as its /64), or an email lower-cased with ASCII digits; null when it is neither.</summary>
    public static string? NormalizeBlock(BlockKind kind, string? value)
    {
        var v = Digits.ToAscii(value ?? "").Trim();
        return kind switch
        {
            // An IPv6 address is blocked by its /64 (one home, one phone), as it is counted (AddressKey).
            BlockKind.Ip => System.Net.IPAddress.TryParse(v.Split('/')[0], out var ip) ? AddressKey.Of(ip) : null,
            BlockKind.Email => CommentRules.IsValidEmail(v) ? v.ToLowerInvariant() : null,
            _ => null,
        };
    }

    private async Task<int> SetStatusAsync(
        IReadOnlyCollection<long> ids, CommentStatus status, string? reason, ClaimsPrincipal by, CancellationToken ct, string? details = null)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        var comments = await db.Comments.Include(c => c.Article).Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var comment in comments)
        {
            comment.Status = status;
            comment.IsFeatured &= status == CommentStatus.Published; // a comment taken down is no longer featured
            comment.RejectionReason = status == CommentStatus.Rejected ? reason : null;
            comment.ModeratedAt = status == CommentStatus.Pending ? null : now;
            comment.ModeratedBy = status == CommentStatus.Pending ? null : by.Identity?.Name;
            var action = status switch
            {
                CommentStatus.Published => Audit.Approve,
                CommentStatus.Rejected => Audit.Reject,
                _ => Audit.Undo,
            };
            Audit.Record(db, by, now, action, "comment:" + comment.Id.ToString(CultureInfo.InvariantCulture), details ?? reason ?? "");
        }

        await db.SaveChangesAsync(ct);
        foreach (var code in comments.Select(c => c.Article!.Code).Distinct())
        {
            await changes.PublishAsync(ContentChange.Article(code), ct);
        }

        return comments.Count;
    }

    private static string? Trim(string? reason)
    {
        var r = PersianText.NormalizeLine(reason);
        return r.Length == 0 ? null : r.Length > ReasonMaxLength ? r[..ReasonMaxLength] : r;
    }

    private static string Cut(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
