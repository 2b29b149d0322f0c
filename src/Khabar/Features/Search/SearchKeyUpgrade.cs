using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Search;

/// <summary>
/// Brings an index written with older search keys (<see cref="SearchKey.Version"/>) up to the current ones, in the
/// background after start-up: batches of articles in id order, each rewritten in its own transaction with the progress,
/// so the site stays up (an article not reached yet is found by the words its old keys hold) and a process stopped
/// half-way leaves the rest to the next start. Of several processes starting together one claims the work; another
/// takes it over only when its heartbeat has stopped for <see cref="Stale"/>.
/// </summary>
public sealed partial class SearchKeyUpgrade(
    IServiceScopeFactory scopes, ISearchIndex index, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<SearchKeyUpgrade> log) : BackgroundService
{
    /// <summary>RebuiltThrough once every article is written with the current keys.</summary>
    internal const int Done = int.MaxValue;

    private const int BatchSize = 200;

    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        try
        {
            await UpgradeAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the next start goes on from the last batch written.
        }
        catch (Exception e)
        {
            LogFailed(log, e);
        }
    }

    /// <summary>Rewrites what is not yet on the current keys, if this process claims the work; the number of articles written.</summary>
    public async Task<int> UpgradeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var stale = now - (long)Stale.TotalSeconds;
        var claimed = await db.Database.ExecuteSqlAsync($"""
            UPDATE "SearchKeyState" SET "RebuiltThrough" = CASE WHEN "Version" = {SearchKey.Version} THEN "RebuiltThrough" ELSE 0 END,
                "Version" = {SearchKey.Version}, "Heartbeat" = {now}
            WHERE "Id" = 1 AND ("Version" <> {SearchKey.Version} OR ("RebuiltThrough" < {Done} AND "Heartbeat" < {stale}))
            """, ct);
        if (claimed == 0)
        {
            return 0;
        }

        var from = await db.Database.SqlQuery<int>($"""SELECT "RebuiltThrough" AS "Value" FROM "SearchKeyState" WHERE "Id" = 1""").SingleAsync(ct);
        LogStarted(log, SearchKey.Version, from);
        var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        var written = 0;
        while (true)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (postgres)
            {
                // An article saved meanwhile waits for this batch (or this batch for it): its row is read as committed,
                // never rewritten from a state older than the one its own save indexed. (SQLite: one writer at a time.)
                await db.Database.ExecuteSqlAsync($"""SELECT "Id" FROM "Articles" WHERE "Id" > {from} ORDER BY "Id" LIMIT {BatchSize} FOR SHARE""", ct);
            }

            var batch = await db.Articles.AsNoTracking().Include(a => a.Tags)
                .Where(a => a.Id > from).OrderBy(a => a.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var article in batch)
            {
                await index.WriteAsync(db, article, article.Tags.Select(t => t.Name), ct);
            }

            from = batch.Count < BatchSize ? Done : batch[^1].Id;
            var beat = clock.GetUtcNow().ToUnixTimeSeconds();
            await db.Database.ExecuteSqlAsync($"""UPDATE "SearchKeyState" SET "RebuiltThrough" = {from}, "Heartbeat" = {beat} WHERE "Id" = 1""", ct);
            await tx.CommitAsync(ct);
            written += batch.Count;
            if (from == Done)
            {
                break;
            }
        }

        // Search pages cached from the old keys go, on every node: the change bus carries it like any publication.
        if (written > 0)
        {
            await scope.ServiceProvider.GetRequiredService<Shared.ContentChanges>().PublishAsync(Shared.ContentChange.Content, ct);
        }

        LogFinished(log, SearchKey.Version, written);
        return written;
    }

    /// <summary>After a whole rebuild (the CLI's reindex, a bench seed): the index is on the current keys; call in its transaction.</summary>
    public static Task MarkCurrentAsync(NewsDb db, CancellationToken ct) => db.Database.ExecuteSqlAsync(
        $"""UPDATE "SearchKeyState" SET "Version" = {SearchKey.Version}, "RebuiltThrough" = {Done} WHERE "Id" = 1""", ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index: rewriting articles after id {From} with search keys version {Version}")]
    private static partial void LogStarted(ILogger logger, int version, int from);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index: {Count} articles rewritten, on search keys version {Version}")]
    private static partial void LogFinished(ILogger logger, int version, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search index: rewriting with the current search keys failed; the next start goes on")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
