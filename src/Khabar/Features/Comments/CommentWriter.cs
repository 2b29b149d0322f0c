using System.Threading.Channels;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Comments;

/// <summary>
/// Group commit for readers' comments. Each request hands its comment over and waits; one writer takes
/// everything queued at that moment and inserts it in one transaction, so a flood of comments costs one
/// durable commit (one fsync) per batch instead of one per comment. A caller is answered only after the
/// transaction holding its comment has committed: a 202 always means the comment is on disk.
/// The writer also refuses a duplicate — the same text (same <see cref="Comment.TextKey"/>) already on the article from
/// the same sender (address or email), committed earlier or earlier in the same batch; two readers who say the same
/// thing are two comments — with a lookup on its own connection, whose page cache the
/// inserts keep warm (a lookup per request on a pooled reader connection halved the comments per second).
/// </summary>
public sealed class CommentWriter(IServiceScopeFactory scopes, ILogger<CommentWriter> logger) : IHostedService
{
    private const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private Task _loop = Task.CompletedTask;

    private sealed record Pending(Comment Comment, TaskCompletionSource<long> Done);

    /// <summary>
    /// Commits the comment (with others that arrived at the same time) and returns its id; returns 0, storing nothing,
    /// when the article already has a comment with the same non-zero <see cref="Comment.TextKey"/> from the same address or email.
    /// </summary>
    public async Task<long> WriteAsync(Comment comment)
    {
        var pending = new Pending(comment, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            // Shutting down: the writer has stopped taking work, so this request commits its own comment.
            await CommitAsync([pending]);
        }

        return await pending.Done.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking new comments, then commits everything already queued before returning.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
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
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await InsertAsync(batch);
            KhabarMetrics.CommentBatchSize.Record(batch.Count);
            KhabarMetrics.CommentCommitTime.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult(pending.Comment.Id);
            }
        }
        catch (Exception e) when (batch.Count > 1)
        {
            // One bad row (its article deleted a moment ago, say) must not fail the others: commit them one by one.
            logger.LogWarning(e, "A batch of {Count} comments failed; committing them one at a time", batch.Count);
            foreach (var pending in batch)
            {
                pending.Comment.Id = 0;
                await CommitAsync([pending]);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    /// <summary>One batch, one transaction, one commit: each comment unless it repeats its sender's words.</summary>
    private async Task InsertAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
        await (db.Database.IsSqlite() ? InsertWithSqliteAsync(db, batch) : PostgresCommentBatch.InsertAsync(db, [.. batch.Select(p => p.Comment)]));
    }

    /// <summary>
    /// SQLite: one prepared INSERT … RETURNING run for every row of the batch inside one transaction,
    /// without change tracking (the writer is the one serial step, so its cost per row is the ceiling).
    /// </summary>
    private static async Task InsertWithSqliteAsync(NewsDb db, List<Pending> batch)
    {
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO Comments (ArticleId, ParentId, Name, Email, Text, Status, CountryCode, Ip, CreatedAt, Likes, Dislikes,
                                  IsStaff, ModeratedAt, ModeratedBy, RejectionReason, TextKey)
            VALUES ($article, $parent, $name, $email, $text, $status, $country, $ip, $at, $likes, $dislikes, $staff, $moderatedAt, $moderatedBy, $reason, $textKey)
            RETURNING Id
            """;
        await using var exists = connection.CreateCommand();
        exists.Transaction = tx;
        exists.CommandText = """
            SELECT EXISTS (SELECT 1 FROM Comments WHERE ArticleId = $article AND TextKey = $textKey
                           AND (Ip = $ip OR ($email <> '' AND Email = $email)))
            """;
        var seen = Parameters(exists, "$article", "$textKey", "$ip", "$email");
        var p = Parameters(command, "$article", "$parent", "$name", "$email", "$text", "$status", "$country", "$ip", "$at", "$likes", "$dislikes",
            "$staff", "$moderatedAt", "$moderatedBy", "$reason", "$textKey");
        foreach (var pending in batch)
        {
            var c = pending.Comment;
            if (c.TextKey != 0)
            {
                // Sees the rows committed before and the ones inserted earlier in this transaction.
                (seen[0].Value, seen[1].Value, seen[2].Value, seen[3].Value) = (c.ArticleId, c.TextKey, c.Ip, c.Email);
                if (Convert.ToInt64(await exists.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) != 0)
                {
                    continue;
                }
            }

            p[0].Value = c.ArticleId;
            p[1].Value = (object?)c.ParentId ?? DBNull.Value;
            p[2].Value = c.Name;
            p[3].Value = c.Email;
            p[4].Value = c.Text;
            p[5].Value = (int)c.Status;
            p[6].Value = (object?)c.CountryCode ?? DBNull.Value;
            p[7].Value = c.Ip;
            p[8].Value = Database.SqliteTime(c.CreatedAt);
            p[9].Value = c.Likes;
            p[10].Value = c.Dislikes;
            p[11].Value = c.IsStaff;
            p[12].Value = c.ModeratedAt is { } moderated ? Database.SqliteTime(moderated) : DBNull.Value;
            p[13].Value = (object?)c.ModeratedBy ?? DBNull.Value;
            p[14].Value = (object?)c.RejectionReason ?? DBNull.Value;
            p[15].Value = c.TextKey;
            c.Id = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        await tx.CommitAsync();
    }

    private static System.Data.Common.DbParameter[] Parameters(System.Data.Common.DbCommand command, params string[] names) =>
    [
        .. names.Select(n =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = n;
            command.Parameters.Add(parameter);
            return parameter;
        }),
    ];

    /// <summary>The same words from the same sender (address or email) on the same article: a repeat, not a second voice.</summary>
    internal static bool SameSender(Comment a, Comment b) =>
        a.ArticleId == b.ArticleId && a.TextKey == b.TextKey
        && (a.Ip == b.Ip || (a.Email.Length > 0 && a.Email == b.Email));
}
