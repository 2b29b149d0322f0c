using System.Net;
using System.Net.Http.Json;

namespace Khabar.Tests.Shared;

/// <summary>/metrics: off unless Khabar:Metrics:Port is set, then only on that port, in Prometheus format.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_AreOnTheirOwnPortOnly_WithKhabarsCountersBesideTheFrameworks()
    {
        var port = FreePort.Next();
        await using var site = await KhabarProcess.WithArticleAsync(followTestDatabase: true, new() { ["Khabar__Metrics__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await site.StartAsync();
        using var client = site.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode); // never on the site's address

        var url = (await client.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        // A new process applies the change log from a few seconds before it started (its import among it: every page
        // evicted once, about a second after start). Let that pass, or the hit below can be a second render.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await client.GetAsync(url);
        await client.GetAsync(url); // a page-cache hit
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = "خواننده", text = "نظری که شمرده می‌شود" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = "", text = "" })).StatusCode);

        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var text = "";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20) && !(text.Contains("khabar_comments_pending", StringComparison.Ordinal) && text.Contains("khabar_comments_batch_size", StringComparison.Ordinal)))
        {
            text = await metrics.GetStringAsync("/metrics");
            await Task.Delay(250);
        }

        Assert.Matches(@"(?m)^khabar_comments_accepted_total\{[^}]*\} 1(\s|$)", text);
        Assert.Matches(@"(?m)^khabar_comments_refused_total\{[^}]*reason=""invalid""[^}]*\} 1(\s|$)", text);
        Assert.Matches(@"(?m)^khabar_page_cache_hits_total\{[^}]*\} [1-9]", text);
        Assert.Contains("khabar_comments_batch_size_bucket", text);
        Assert.Contains("khabar_comments_pending", text);
        Assert.Contains("http_server_request_duration_seconds", text); // ASP.NET Core's
        Assert.Contains("dotnet_", text); // the runtime's
    }

    [Fact]
    public async Task WithoutAMetricsPort_ThereIsNoMetricsEndpoint()
    {
        await using var factory = new KhabarFactory();
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync("/metrics")).StatusCode);
    }
}
