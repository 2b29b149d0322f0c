using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;

namespace Khabar.Features.Shared;

/// <summary>
/// Metrics and logs for operators. <c>Khabar:Metrics:Port</c> (default 0: off) opens a second listener on that port of
/// <c>Khabar:Metrics:Address</c> (default 127.0.0.1), and <c>/metrics</c> answers there only, in Prometheus format
/// (OpenTelemetry: ASP.NET Core, the .NET runtime, Npgsql, and <see cref="KhabarMetrics"/>) — never on the site's own
/// address, so the balancer cannot make it public by accident. <c>Khabar:Logging:Json</c> writes the log as one JSON
/// object per line.
/// </summary>
public static class ObservabilityFeature
{
    public static void AddObservability(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>("Khabar:Logging:Json"))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        if (MetricsPort(builder.Configuration) is not { } port)
        {
            return;
        }

        var address = builder.Configuration["Khabar:Metrics:Address"] is { Length: > 0 } configured ? configured : "127.0.0.1";
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } site ? site : "http://localhost:5000";
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, $"{urls};http://{address}:{port}");
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter("Npgsql")
            .AddMeter(KhabarMetrics.MeterName)
            .AddView("khabar.change.lag", new ExplicitBucketHistogramConfiguration { Boundaries = LagBuckets })
            .AddView("khabar.comments.batch.duration", new ExplicitBucketHistogramConfiguration { Boundaries = LagBuckets })
            .AddView("khabar.comments.batch.size", new ExplicitBucketHistogramConfiguration { Boundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] })
            .AddPrometheusExporter());
        builder.Services.AddHostedService<MetricsRefresher>();
    }

    /// <summary>Seconds, from half a millisecond (a change heard on Redis) to ten (one read from the change log late).</summary>
    private static readonly double[] LagBuckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

    public static void MapObservability(this WebApplication app)
    {
        if (MetricsPort(app.Configuration) is { } port)
        {
            app.MapPrometheusScrapingEndpoint("/metrics").RequireHost($"*:{port}");
        }
    }

    private static int? MetricsPort(IConfiguration configuration) =>
        configuration.GetValue<int>("Khabar:Metrics:Port") is > 0 and < 65536 and var port ? port : null;
}

/// <summary>Counts the comments waiting for a moderator every 15 s, for <see cref="KhabarMetrics.Pending"/>.</summary>
public sealed class MetricsRefresher(IServiceScopeFactory scopes, ILogger<MetricsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
                KhabarMetrics.Pending = await db.Comments.CountAsync(c => c.Status == CommentStatus.Pending, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Counting the comments waiting for a moderator failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
