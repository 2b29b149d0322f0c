using System.Net;
using Khabar.Tests.Newsroom;

namespace Khabar.Tests.MultiNode;

/// <summary>Sign-in throttling and search limits are the site's: a guesser gains nothing from the balancer.</summary>
[Collection(nameof(MultiNodeTests))]
public sealed class MultiNodeLimitTests
{
    [Fact]
    public async Task SignInAttemptsAndSearches_AreCountedForTheSite_WhicheverNodeTheyReach()
    {
        await using var site = await MultiNodeSite.StartAsync(new() { ["Khabar__LoginPerIpPerMinute"] = "4", ["Khabar__SearchPerIpPerMinute"] = "4" });
        var logins = new List<HttpStatusCode>();
        var searches = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var client = (i % 2 == 0 ? site.A : site.B).Client(new CookieContainer());
            logins.Add((await Staff.LoginAsync(client, $"guess{i}@newsroom.test", "wrong-password-1")).StatusCode);
            searches.Add((await client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString("جست‌وجوی " + i)}")).StatusCode);
        }

        Assert.Equal(4, logins.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], logins.Skip(4));
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 4), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], searches);
    }
}
