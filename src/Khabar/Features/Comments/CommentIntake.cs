using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Comments;

public enum CommentOutcome
{
    Accepted,
    Invalid,
    ArticleNotFound,
    RateLimited,
    Blocked,
}

public sealed record CommentResult(
    CommentOutcome Outcome, long Id = 0, IReadOnlyDictionary<string, string>? Errors = null, TimeSpan RetryAfter = default, string? Message = null);

/// <summary>
/// The one write path of a reader's comment, shared by the form and the API: rules, rate limit, country,
/// then a committed insert; every comment starts pending.
/// </summary>
public sealed class CommentIntake(
    NewsDb db, GeoIp geoIp, CommentRateLimiter limiter, ContentChanges changes, TimeProvider clock, Moderation.WordFilter words, CommentWriter writer,
    Moderation.BlockList blocks, SiteDataCache lists)
{
    public async Task<CommentResult> SubmitAsync(long code, CommentInput input, string? ip, CancellationToken ct)
    {
        var result = await SubmitCoreAsync(code, input, ip, ct);
        if (result.Outcome == CommentOutcome.Accepted)
        {
            KhabarMetrics.CommentsAccepted.Add(1);
        }
        else
        {
            var reason = result.Outcome switch
            {
                CommentOutcome.Invalid when result.Errors?.GetValueOrDefault("text") == CommentMessages.Duplicate => "duplicate",
                CommentOutcome.Invalid => "invalid",
                CommentOutcome.ArticleNotFound => "article_not_found",
                CommentOutcome.RateLimited => "rate_limited",
                _ => "blocked",
            };
            KhabarMetrics.CommentsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }

        return result;
    }

    private async Task<CommentResult> SubmitCoreAsync(long code, CommentInput input, string? ip, CancellationToken ct)
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

        var (allowed, retryAfter, byEmail) = await limiter.TryAcquireAsync(AddressKey.Of(ip), draft.Email);
        if (!allowed)
        {
            return new CommentResult(CommentOutcome.RateLimited, RetryAfter: retryAfter, Message: byEmail ? CommentMessages.RateLimitedEmail : CommentMessages.RateLimited);
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
            // The same text again on the same article from the same sender (address or email; however it is spelled:
            // Arabic ي/ك, ZWNJ, digits) is refused by the writer: one lookup in the (article, text key) index, so a
            // restart or a second server does not forget. Another reader may say the same words.
            TextKey = TextKeyOf(draft.Text),
        };
        if (await writer.WriteAsync(comment) == 0)
        {
            return new CommentResult(CommentOutcome.Invalid, Errors: new Dictionary<string, string> { ["text"] = CommentMessages.Duplicate });
        }

        // Only the «در انتظار بررسی» counter changes: cached pages show it within a second or two (no eviction per
        // comment); the data behind a fresh render at once, so the sender sees their comment counted.
        await changes.PublishAsync(ContentChange.Counters(code), ct);
        return new CommentResult(CommentOutcome.Accepted, comment.Id);
    }

    /// <summary>64 bits of the SHA-256 of the text's search key; 0 for a text with no words (nothing to compare).</summary>
    public static long TextKeyOf(string text)
    {
        var key = Persian.SearchKey.Of(text);
        if (key.Length == 0)
        {
            return 0;
        }

        var hash = BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)), 0);
        return hash == 0 ? 1 : hash;
    }

    private ValueTask<bool> IsBlockedAsync(string? ip, string email, CancellationToken ct)
    {
        var address = System.Net.IPAddress.TryParse(ip, out var parsed)
            ? (parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed).ToString()
            : null;
        return blocks.IsBlockedAsync(address, email.ToLowerInvariant(), ct);
    }
}
