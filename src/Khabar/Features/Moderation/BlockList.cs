using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Moderation;

/// <summary>
/// The blocked IP addresses and emails, read once and kept in memory (checked on every comment), re-read
/// after the moderation desk changes them and at least every 30 seconds (other nodes' changes).
/// </summary>
public sealed class BlockList(IServiceScopeFactory scopes)
{
    private static readonly long LifetimeMs = (long)TimeSpan.FromSeconds(30).TotalMilliseconds;
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(HashSet<string> Keys, long ExpiresAt);

    public void Invalidate() => _snapshot = null;

    /// <summary>Whether the (already normalized) address — or its /64, for IPv6 — or lower-case email is blocked.</summary>
    public async ValueTask<bool> IsBlockedAsync(string? address, string email, CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is null || snapshot.ExpiresAt < Environment.TickCount64)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
            var blocks = await db.Blocks.AsNoTracking().Select(b => new { b.Kind, b.Value }).ToListAsync(ct);
            snapshot = new Snapshot([.. blocks.Select(b => Key(b.Kind, b.Value))], Environment.TickCount64 + LifetimeMs);
            _snapshot = snapshot;
        }

        return (address is not null && (snapshot.Keys.Contains(Key(BlockKind.Ip, address))
                || snapshot.Keys.Contains(Key(BlockKind.Ip, Shared.AddressKey.Of(address)))))
            || (email.Length > 0 && snapshot.Keys.Contains(Key(BlockKind.Email, email)));
    }

    private static string Key(BlockKind kind, string value) => kind == BlockKind.Ip ? "ip:" + value : "email:" + value;
}
