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

public sealed record CommentResult(
    CommentOutcome Outcome, long Id = 0, IReadOnlyDictionary<string, string>? Errors = null, TimeSpan RetryAfter = default, string? Message = null);

/// <summary>
/// The one write path of a reader's comment, shared by the form and the API: rules, rate limit, country,
/// then a committed insert; every comment starts pending.
/// </summary>
public sealed class CommentIntake(
    NewsDb db, GeoIp geoIp, CommentRateLimiter limiter, ContentChanges changes, TimeProvider clock, Moderation.WordFilter words, CommentWriter writer,
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

        if (!limiter.TryAcquire(AddressKey.Of(ip), draft.Email, out var retryAfter, out var byEmail))
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

/// <summary>
/// Comments per IP address per minute and per email address per hour, form and API together; a refusal says
/// how long to wait (Retry-After).
/// </summary>
public sealed class CommentRateLimiter(IOptions<KhabarOptions> options, TimeProvider clock)
{
    private readonly WindowCounter _perIp = new(options.Value.Comments.PerIpPerMinute, TimeSpan.FromMinutes(1), clock);
    private readonly WindowCounter _perEmail = new(options.Value.Comments.PerEmailPerHour, TimeSpan.FromHours(1), clock);

    // Everyone together, per second: a flood from countless addresses cannot outrun the writer.
    private readonly WindowCounter? _all = options.Value.Comments.PerSecond > 0
        ? new(options.Value.Comments.PerSecond, TimeSpan.FromSeconds(1), clock)
        : null;

    /// <summary>Takes a permit for the address and, when given, the email; false with the wait when either is spent.</summary>
    public bool TryAcquire(string ip, string email, out TimeSpan retryAfter, out bool byEmail)
    {
        byEmail = false;
        if (_all is not null && !_all.TryTake("", out retryAfter))
        {
            return false;
        }

        if (!_perIp.TryTake(ip, out retryAfter))
        {
            return false;
        }

        if (email.Length > 0 && !_perEmail.TryTake(email, out retryAfter))
        {
            byEmail = true;
            return false;
        }

        return true;
    }
}

/// <summary>
/// A fixed-window counter per key (an address, an email): at most <c>permits</c> per window. One small entry per key
/// seen in the current window and no timer (System.Threading.RateLimiting's partitioned limiter keeps a limiter object
/// per key and visits them all ten times a second, which a comment flood with one address per request turned into the
/// bottleneck and 100 MB of memory). The table is bounded: at <see cref="MaxKeys"/> entries it drops the expired ones,
/// then the keys used once (a flood of new addresses leaves nothing else, and forgetting one use costs nothing), then
/// every key under its limit — never a key over its limit, which keeps being refused until its window ends.
/// </summary>
public sealed class WindowCounter(int permits, TimeSpan window, TimeProvider clock, int maxKeys = WindowCounter.DefaultMaxKeys)
{
    public const int DefaultMaxKeys = 50_000;
    private readonly int _permits = Math.Max(1, permits);
    private readonly long _window = window.Ticks;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private int _sweeping;

    // Keys held, kept by hand: ConcurrentDictionary.Count takes every one of the table's locks, and asked on every
    // comment it made the comment flood of bench/run wait on those locks (a third of the samples in a profile).
    // Counted when a key is added and set from the table after each sweep, so it is exact but for adds racing a sweep.
    private int _keys;

    private sealed class Slot
    {
        public long Start;
        public int Count;
    }

    public int MaxKeys { get; } = Math.Max(16, maxKeys);

    /// <summary>Keys held now (for tests and diagnostics).</summary>
    public int Count => _slots.Count;

    /// <summary>The wait as an HTTP Retry-After header: whole seconds, at least one.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool TryTake(string key, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow().UtcTicks;
        if (Volatile.Read(ref _keys) >= MaxKeys && Interlocked.Exchange(ref _sweeping, 1) == 0)
        {
            try
            {
                Sweep(now);
            }
            finally
            {
                Volatile.Write(ref _sweeping, 0);
            }
        }

        if (!_slots.TryGetValue(key, out var slot))
        {
            var added = new Slot();
            slot = _slots.GetOrAdd(key, added);
            if (ReferenceEquals(slot, added))
            {
                Interlocked.Increment(ref _keys);
            }
        }

        lock (slot)
        {
            if (now - slot.Start >= _window)
            {
                slot.Start = now;
                slot.Count = 0;
            }

            if (slot.Count < _permits)
            {
                slot.Count++;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromTicks(slot.Start + _window - now);
            return false;
        }
    }

    /// <summary>Whether the key has used all its permits in the current window, without taking one.</summary>
    public bool IsExhausted(string key, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow().UtcTicks;
        retryAfter = TimeSpan.Zero;
        if (!_slots.TryGetValue(key, out var slot))
        {
            return false;
        }

        lock (slot)
        {
            if (now - slot.Start >= _window || slot.Count < _permits)
            {
                return false;
            }

            retryAfter = TimeSpan.FromTicks(slot.Start + _window - now);
            return true;
        }
    }

    /// <summary>Forgets the key (a successful sign-in clears its failures).</summary>
    public void Reset(string key)
    {
        if (_slots.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _keys);
        }
    }

    /// <summary>Brings the table down to half its bound, so the next sweep is <see cref="MaxKeys"/>/2 keys away.</summary>
    private void Sweep(long now)
    {
        var target = MaxKeys / 2;
        foreach (var (key, slot) in _slots)
        {
            if (now - Volatile.Read(ref slot.Start) >= _window)
            {
                _slots.TryRemove(key, out _);
            }
        }

        if (_slots.Count > target)
        {
            foreach (var (key, slot) in _slots)
            {
                if (Volatile.Read(ref slot.Count) <= 1)
                {
                    _slots.TryRemove(key, out _);
                }
            }
        }

        // Still too many: every key that has not reached its limit goes. A key over its limit stays until its window
        // ends, so a flood of new keys can never wipe out a refusal (the table then holds at most what the flood's own
        // requests could fill within one window).
        if (_slots.Count > target)
        {
            foreach (var (key, slot) in _slots)
            {
                if (Volatile.Read(ref slot.Count) < _permits)
                {
                    _slots.TryRemove(key, out _);
                }
            }
        }

        Volatile.Write(ref _keys, _slots.Count);
    }
}
