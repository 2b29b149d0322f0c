using Khabar.Features.Shared;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Comments;

/// <summary>
/// Comments per IP address per minute and per email address per hour, form and API together; a refusal says
/// how long to wait (Retry-After). Counted for the whole site on Redis when the site has several nodes; the ceiling per
/// second stays each node's own (it keeps that node's writer ahead).
/// </summary>
public sealed class CommentRateLimiter(IOptions<KhabarOptions> options, TimeProvider clock, SharedLimits shared)
{
    private readonly WindowCounter _perIp = new(options.Value.Comments.PerIpPerMinute, TimeSpan.FromMinutes(1), clock, shared, "comment-ip");
    private readonly WindowCounter _perEmail = new(options.Value.Comments.PerEmailPerHour, TimeSpan.FromHours(1), clock, shared, "comment-email");

    // Everyone together, per second: a flood from countless addresses cannot outrun the writer.
    private readonly WindowCounter? _all = options.Value.Comments.PerSecond > 0
        ? new(options.Value.Comments.PerSecond, TimeSpan.FromSeconds(1), clock)
        : null;

    /// <summary>Takes a permit for the address and, when given, the email; false with the wait when either is spent.</summary>
    public async ValueTask<(bool Allowed, TimeSpan RetryAfter, bool ByEmail)> TryAcquireAsync(string ip, string email)
    {
        if (_all is not null && !_all.TryTake("", out var wait))
        {
            return (false, wait, false);
        }

        var (allowed, retryAfter) = await _perIp.TakeAsync(ip);
        if (!allowed)
        {
            return (false, retryAfter, false);
        }

        if (email.Length > 0)
        {
            (allowed, retryAfter) = await _perEmail.TakeAsync(email);
            if (!allowed)
            {
                return (false, retryAfter, true);
            }
        }

        return (true, TimeSpan.Zero, false);
    }
}
