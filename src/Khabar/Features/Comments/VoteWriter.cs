using System.Threading.Channels;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Comments;

/// <summary>
/// Group commit for likes and dislikes, as <see cref="CommentWriter"/> for comments: every vote queued at a moment is
/// written in one transaction (one fsync), each answered with its comment's counters only after that commit. A vote
/// of a visitor who already voted on the comment changes nothing. The article's page shows the new counters within a
/// second or two: one deferred eviction per article per batch, never one per vote.
/// </summary>
public sealed class VoteWriter(IServiceScopeFactory scopes, ContentChanges changes, ILogger<VoteWriter> logger) : IHostedService
{
    private const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private Task _loop = Task.CompletedTask;

    /// <summary>A vote to write, with the article its comment belongs to.</summary>
    public sealed record Vote(long CommentId, long ArticleCode, string VisitorId, bool IsLike, DateTime At);

    /// <summary>The comment's counters after the vote (or after nothing, when the visitor had voted already).</summary>
    public sealed record Counts(int Likes, int Dislikes);

    private sealed record Pending(Vote Vote, TaskCompletionSource<Counts> Done);

    public async Task<Counts> WriteAsync(Vote vote)
    {
        var pending = new Pending(vote, new TaskCompletionSource<Counts>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            await CommitAsync([pending]);
        }

        return await pending.Done.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _loop.WaitAsync(cancellationToken);
    }

    private async Task LoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await CommitAsync(batch);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            var counts = await InsertAsync(batch);
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult(counts[pending.Vote.CommentId]);
            }

            foreach (var code in batch.Select(p => p.Vote.ArticleCode).Distinct())
            {
                await changes.PublishAsync(ContentChange.Counters(code));
            }
        }
        catch (Exception e) when (batch.Count > 1)
        {
            logger.LogWarning(e, "A batch of {Count} votes failed; committing them one at a time", batch.Count);
            foreach (var pending in batch)
            {
                await CommitAsync([pending]);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private async Task<Dictionary<long, Counts>> InsertAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var seen = new HashSet<(long, string)>();
        var likes = new Dictionary<long, int>();
        var dislikes = new Dictionary<long, int>();
        foreach (var (vote, _) in batch)
        {
            // ON CONFLICT DO NOTHING: a vote another process wrote meanwhile is not an error, and is not counted twice.
            if (!seen.Add((vote.CommentId, vote.VisitorId)) || await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "CommentVotes" ("CommentId", "VisitorId", "IsLike", "CreatedAt")
                    VALUES ({vote.CommentId}, {vote.VisitorId}, {vote.IsLike}, {vote.At}) ON CONFLICT DO NOTHING
                    """) == 0)
            {
                continue;
            }

            var counter = vote.IsLike ? likes : dislikes;
            counter[vote.CommentId] = counter.GetValueOrDefault(vote.CommentId) + 1;
        }

        foreach (var id in likes.Keys.Union(dislikes.Keys).Order())
        {
            int up = likes.GetValueOrDefault(id), down = dislikes.GetValueOrDefault(id);
            await db.Comments.Where(c => c.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Likes, c => c.Likes + up).SetProperty(c => c.Dislikes, c => c.Dislikes + down));
        }

        var ids = batch.Select(p => p.Vote.CommentId).Distinct().ToList();
        var counts = await db.Comments.AsNoTracking().Where(c => ids.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => new Counts(c.Likes, c.Dislikes));
        await tx.CommitAsync();
        return counts;
    }
}

/// <summary>
/// Votes per address: at most <c>Khabar:Votes:PerAddressPerComment</c> on one comment a day (a household behind one
/// address votes more than once; a cookie-less script does not get a hundred) and <c>Khabar:Votes:PerAddressPerHour</c>
/// in all. Addresses by <see cref="AddressKey"/> (IPv6 by /64). Counted for the whole site on a site of several nodes.
/// </summary>
public sealed class VoteLimiter(Microsoft.Extensions.Options.IOptions<KhabarOptions> options, TimeProvider clock, SharedLimits shared)
{
    private readonly WindowCounter _perComment = new(options.Value.Votes.PerAddressPerComment, TimeSpan.FromDays(1), clock, shared, "vote-comment");
    private readonly WindowCounter _perAddress = new(options.Value.Votes.PerAddressPerHour, TimeSpan.FromHours(1), clock, shared, "vote-address");

    public async ValueTask<(bool Allowed, TimeSpan RetryAfter)> TryAcquireAsync(string address, long commentId)
    {
        var result = await _perAddress.TakeAsync(address);
        return result.Allowed
            ? await _perComment.TakeAsync(address + "#" + commentId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : result;
    }
}
