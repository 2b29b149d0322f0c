using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Shared;

/// <summary>
/// Article views counted in memory (a cached hit counts too) and written in batches. Only a page that was found counts
/// (a made-up code is a 404 and no entry), and an article not read since the last batch leaves the table, so it holds
/// at most the articles read in the last few seconds.
/// </summary>
public sealed class ViewCounter
{
    // One counter object per article, incremented with Interlocked: a breaking story read by every
    // connection at once takes no lock (ConcurrentDictionary.AddOrUpdate would serialize them on one bucket).
    private readonly ConcurrentDictionary<long, StrongBox<int>> _counts = new();

    public void Count(long code)
    {
        if (!_counts.TryGetValue(code, out var box))
        {
            box = _counts.GetOrAdd(code, static _ => new StrongBox<int>());
        }

        Interlocked.Increment(ref box.Value);
    }

    /// <summary>Takes the views counted since the last call (each counter back to zero, none lost).</summary>
    public IReadOnlyDictionary<long, int> Drain()
    {
        var batch = new Dictionary<long, int>();
        foreach (var (code, box) in _counts)
        {
            var views = Interlocked.Exchange(ref box.Value, 0);
            if (views > 0)
            {
                batch[code] = views;
            }
            else
            {
                // Idle since the last batch: the entry goes (a view racing with this is counted on a fresh entry,
                // or at worst lost: a view is an estimate, never an acknowledged write).
                _counts.TryRemove(new KeyValuePair<long, StrongBox<int>>(code, box));
            }
        }

        return batch;
    }

    /// <summary>Entries held now (for tests and diagnostics).</summary>
    public int Entries => _counts.Count;

    /// <summary>Counts GETs of /news/{code}/… answered 200, by the page cache or not.</summary>
    public static IApplicationBuilder UseViewCounter(IApplicationBuilder app)
    {
        var counter = app.ApplicationServices.GetRequiredService<ViewCounter>();
        return app.Use(next => context => counter.CountArticleView(context, next));
    }

    private Task CountArticleView(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value;
        if (HttpMethods.IsGet(context.Request.Method) && path is not null && path.StartsWith("/news/", StringComparison.Ordinal))
        {
            var rest = path.AsSpan(6);
            var end = rest.IndexOf('/');
            var digits = end < 0 ? rest : rest[..end];
            // Only the canonical form /news/{code}/{slug} counts: the bare code redirects, print is not a read.
            var tail = end < 0 ? [] : rest[(end + 1)..];
            var isArticle = tail.Length > 0 && !tail.SequenceEqual("print") && !tail.SequenceEqual("comments");
            if (isArticle && long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                // A cache hit is written at once (the task is done): counted without an async step of its own.
                var answered = next(context);
                if (!answered.IsCompletedSuccessfully)
                {
                    return CountWhenFoundAsync(answered, context, code);
                }

                CountIfFound(context, code);
                return Task.CompletedTask;
            }
        }

        return next(context);
    }

    private async Task CountWhenFoundAsync(Task answered, HttpContext context, long code)
    {
        await answered;
        CountIfFound(context, code);
    }

    private void CountIfFound(HttpContext context, long code)
    {
        if (context.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
        {
            Count(code);
        }
    }
}

/// <summary>Writes counted views every few seconds, and once more at shutdown.</summary>
public sealed class ViewFlusher(ViewCounter counter, IServiceScopeFactory scopes, ILogger<ViewFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await FlushAsync(CancellationToken.None);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        var batch = counter.Drain();
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // In key order: two processes flushing at once take the rows' locks in the same order, so neither waits on the other's.
            foreach (var (code, views) in batch.OrderBy(b => b.Key))
            {
                await db.Articles.Where(a => a.Code == code).ExecuteUpdateAsync(s => s.SetProperty(a => a.ViewCount, a => a.ViewCount + views), ct);
            }

            await tx.CommitAsync(ct);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not write {Count} view counts", batch.Count);
        }
    }
}
