using System.Diagnostics.Metrics;

namespace Khabar.Features.Shared;

/// <summary>
/// Khabar's own measurements (OpenTelemetry meter <c>Khabar</c>, exported at <c>/metrics</c> when
/// <c>Khabar:Metrics:Port</c> is set): comments accepted, refused (by reason) and waiting, page-cache hits and misses
/// (their ratio is the hit ratio), how long a change made on one node takes to be applied on another, and the comment
/// writer's batches. Instruments nobody listens to cost a flag test.
/// </summary>
public static class KhabarMetrics
{
    public const string MeterName = "Khabar";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> CommentsAccepted =
        Meter.CreateCounter<long>("khabar.comments.accepted", "{comment}", "Comments answered 202: committed, waiting for a moderator (or rejected by the word filter)");

    public static readonly Counter<long> CommentsRefused =
        Meter.CreateCounter<long>("khabar.comments.refused", "{comment}", "Comments refused, by reason (invalid, duplicate, article_not_found, rate_limited, blocked)");

    public static readonly Counter<long> PageCacheHits =
        Meter.CreateCounter<long>("khabar.page_cache.hits", "{request}", "Requests answered from the page cache");

    public static readonly Counter<long> PageCacheMisses =
        Meter.CreateCounter<long>("khabar.page_cache.misses", "{request}", "Cacheable requests the page cache did not hold");

    public static readonly Histogram<double> EvictionLag =
        Meter.CreateHistogram<double>("khabar.change.lag", "s", "From a change recorded on one node (or the CLI) to its eviction on another");

    public static readonly Histogram<long> CommentBatchSize =
        Meter.CreateHistogram<long>("khabar.comments.batch.size", "{comment}", "Comments committed together by the writer");

    public static readonly Histogram<double> CommentCommitTime =
        Meter.CreateHistogram<double>("khabar.comments.batch.duration", "s", "From a batch's start to its commit");

    private static long _pending = -1;

    /// <summary>Comments waiting for a moderator, as last counted (<see cref="MetricsRefresher"/>; -1 before the first count).</summary>
    public static long Pending
    {
        get => Interlocked.Read(ref _pending);
        set => Interlocked.Exchange(ref _pending, value);
    }

    static KhabarMetrics() =>
        Meter.CreateObservableGauge("khabar.comments.pending", () => Pending, "{comment}", "Comments waiting for a moderator (counted every 15 s)");
}
