using Khabar.Features.Shared;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Comments;

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
