using System.Threading.RateLimiting;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Comments;

public enum CommentOutcome
{
    Accepted,
    Invalid,
    ArticleNotFound,
    RateLimited,
    Blocked,
}

public sealed record CommentResult(CommentOutcome Outcome, long Id = 0, IReadOnlyDictionary<string, string>? Errors = null);

/// <summary>
/// The one write path of a reader's comment, shared by the form and the API: rules, rate limit, country,
/// then a committed insert; every comment starts pending.
/// </summary>
public sealed class CommentIntake(
    NewsDb db, GeoIp geoIp, CommentRateLimiter limiter, PageCache cache, TimeProvider clock, Moderation.WordFilter words, CommentWriter writer,
    Moderation.BlockList blocks, SiteLists lists)
{
    public async Task<CommentResult> SubmitAsync(long code, CommentInput input, string? ip, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var draft = CommentRules.Validate(input, errors);
        var now = clock.GetUtcNow().UtcDateTime;
        // The same cached lookup the article page uses: a published article, dropped from memory on any unpublish.
        var article = (await lists.PublishedArticleAsync(db, code, now, ct))?.Article;
        if (article is null)
        {
            return new CommentResult(CommentOutcome.ArticleNotFound);
        }

        long? parentId = null;
        if (draft?.ParentId is { } requestedParent)
        {
            var parent = await db.Comments.AsNoTracking()
                .Where(c => c.Id == requestedParent && c.ArticleId == article.Id && c.Status == CommentStatus.Published)
                .Select(c => new { c.Id, c.ParentId })
                .FirstOrDefaultAsync(ct);
            if (parent is null)
            {
                errors["parent_id"] = "نظری که به آن پاسخ می\u200Cدهید پیدا نشد.";
            }
            else
            {
                // One level of replies: a reply to a reply joins the thread of the top-level comment.
                parentId = parent.ParentId ?? parent.Id;
            }
        }

        if (draft is null || errors.Count > 0)
        {
            return new CommentResult(CommentOutcome.Invalid, Errors: errors);
        }

        if (await IsBlockedAsync(ip, draft.Email, ct))
        {
            return new CommentResult(CommentOutcome.Blocked);
        }

        if (!limiter.TryAcquire(ip ?? ""))
        {
            return new CommentResult(CommentOutcome.RateLimited);
        }

        // Every comment waits for a moderator; one with a banned word is rejected at once (the sender is not told).
        var match = await words.MatchAsync(draft.Name + "\n" + draft.Text, ct);

        var comment = new Comment
        {
            ArticleId = article.Id,
            ParentId = parentId,
            Name = draft.Name,
            Email = draft.Email,
            Text = draft.Text,
            Status = match.Banned is null ? CommentStatus.Pending : CommentStatus.Rejected,
            RejectionReason = match.Banned is null ? null : $"واژهٔ ممنوع: {match.Banned}",
            ModeratedAt = match.Banned is null ? null : now,
            ModeratedBy = match.Banned is null ? null : "filter",
            Ip = ip ?? "",
            CountryCode = geoIp.CountryOf(ip),
            CreatedAt = now,
        };
        await writer.WriteAsync(comment);
        // Only the «در انتظار بررسی» counter changes: cached pages show it within a second or two (no eviction per
        // comment); the data behind a fresh render at once, so the sender sees their comment counted.
        lists.InvalidateArticle(code);
        cache.EvictSoon(CacheTags.Article(code));
        return new CommentResult(CommentOutcome.Accepted, comment.Id);
    }

    private ValueTask<bool> IsBlockedAsync(string? ip, string email, CancellationToken ct)
    {
        var address = System.Net.IPAddress.TryParse(ip, out var parsed)
            ? (parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed).ToString()
            : null;
        return blocks.IsBlockedAsync(address, email.ToLowerInvariant(), ct);
    }
}

/// <summary>Comments per IP address per minute, form and API together.</summary>
public sealed class CommentRateLimiter(IOptions<KhabarOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(ip =>
        RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.Comments.PerIpPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public bool TryAcquire(string ip)
    {
        using var lease = _limiter.AttemptAcquire(ip);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
