using System.Net;
using System.Net.Http.Json;

namespace Khabar.Tests.MultiNode;

/// <summary>Redis away: the nodes keep serving readers and taking comments, each counting its own limits.</summary>
[Collection(nameof(MultiNodeTests))]
public sealed class MultiNodeRedisDownTests
{
    [Fact]
    public async Task WithRedisDown_BothNodesServeAndTakeComments_EachCountingItsOwnLimit()
    {
        await using var site = await MultiNodeSite.StartAsync(new() { ["Khabar__Comments__PerIpPerMinute"] = "3" });
        await site.ImportAsync(Samples.ReferenceArticle());
        site.Redis.Kill();
        await Task.Delay(500);

        foreach (var node in new[] { site.A, site.B })
        {
            using var client = node.Client();
            var url = (await client.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
            var answers = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
            {
                var posted = await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = "خواننده", text = $"نظر {i} وقتی ردیس در دسترس نیست، از {node.BaseAddress.Port}" });
                answers.Add(posted.StatusCode);
            }

            // Three a minute on each node: the site as a whole lets through twice its limit while Redis is away.
            Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], answers);
        }
    }
}

/// <summary>A node that starts while Redis is away (or too slow to answer its subscription) serves, and stays up.</summary>
[Collection(nameof(MultiNodeTests))]
public sealed class MultiNodeRedisAwayAtStartTests
{
    [Fact]
    public async Task ANodeStartedWithoutRedis_Serves_AndDoesNotStop()
    {
        int closed;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closed = ((IPEndPoint)probe.LocalEndpoint).Port; // nobody listens there once the probe is gone
        }

        await using var node = new KhabarProcess(settings: new() { ["Khabar__Redis"] = $"127.0.0.1:{closed}", ["Khabar__OutputCache__Store"] = "Redis", ["Khabar__BaseUrl"] = "http://127.0.0.1" });
        await node.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(12)); // past the first subscription attempt and a retry
        using var client = node.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }
}
