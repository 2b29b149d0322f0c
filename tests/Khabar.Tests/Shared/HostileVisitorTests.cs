using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;

namespace Khabar.Tests.Shared;

/// <summary>
/// One visitor must not be able to change what other readers get: forged Host headers, the same words from two
/// readers. Each test plays the hostile visitor on the default settings (no Khabar:BaseUrl).
/// </summary>
public sealed class HostileVisitorTests
{
    private static HttpRequestMessage Forged(string url, string? host = null, string? forwardedHost = null, string? forwardedProto = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (forwardedHost is not null)
        {
            request.Headers.Add("X-Forwarded-Host", forwardedHost);
        }

        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return request;
    }

    [Fact]
    public async Task ForgedHost_AfterAnEviction_NeverReachesAnotherReader()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var client = factory.Client();
        var article = (await client.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(article)).StatusCode);

        // A comment evicts the article within a second or two; a vote-free moderation-free way to get a fresh render.
        var posted = await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = "خواننده", text = "نظری که صفحه را تازه می‌کند" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await Task.Delay(2500);

        // The hostile visitor fills the cache with forged hosts, for every page that writes absolute links.
        foreach (var url in new[] { article, "/", "/rss", "/atom", "/robots.txt", "/sitemap.xml", "/sitemap-news.xml", $"/news/{Samples.Code}/print" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Forged(url, host: "evil.example"))).StatusCode);
            await client.SendAsync(Forged(url, forwardedHost: "evil.example", forwardedProto: "https"));
        }

        // Another reader, on the site's own address, gets the site's own links.
        var reader = factory.Client();
        foreach (var url in new[] { article, "/", "/rss", "/atom", "/robots.txt", "/sitemap.xml", "/sitemap-news.xml", $"/news/{Samples.Code}/print" })
        {
            var body = await reader.GetStringAsync(url);
            Assert.DoesNotContain("evil.example", body);
            if (url != "/sitemap-news.xml") // empty: the article is older than two days
            {
                Assert.Contains("http://localhost/", body);
            }
        }

        // Even the forger's own copy says the site's address: nothing in a page comes from the Host header.
        var own = await (await client.SendAsync(Forged(article, host: "evil.example"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("evil.example", own);
        Assert.Contains($"<link rel=\"canonical\" href=\"http://localhost/news/{Samples.Code}/", own);
        Assert.Contains($"http://localhost/x/{Samples.Code}", own); // the short link
    }

    [Fact]
    public async Task CookielessVoteFlood_FromOneAddress_CountsOnlyAFew_AndTheOthersGet429()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var id = await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Comments.Where(c => c.Status == Khabar.Storage.CommentStatus.Published).Select(c => c.Id)));
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        async Task<HttpResponseMessage> VoteAsync(string address)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/comments/{id}/vote") { Content = Http.Form(("value", "like")) };
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Add("X-Forwarded-For", address);
            return await client.SendAsync(request); // no cookie: a new visitor every time
        }

        var answers = new List<HttpStatusCode>();
        var floods = Enumerable.Range(0, 100).Select(_ => VoteAsync("203.0.113.50")).ToList();
        foreach (var response in await Task.WhenAll(floods))
        {
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.Contains("Retry-After"));
                Assert.Contains("از این نشانی رأی\u200Cهای زیادی رسیده است", await response.Content.ReadAsStringAsync());
            }
        }

        Assert.Equal(3, answers.Count(a => a == HttpStatusCode.OK));
        Assert.Equal(97, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        // Another reader elsewhere still votes; an IPv6 visitor's whole /64 counts as one address.
        Assert.Equal(HttpStatusCode.OK, (await VoteAsync("198.51.100.7")).StatusCode);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await VoteAsync($"2001:db8:5:6::{i}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await VoteAsync("2001:db8:5:6:ffff::9")).StatusCode);
        var votes = await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.CommentVotes));
        Assert.Equal(7, votes);
        Assert.Equal(7, await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Comments.Where(c => c.Id == id).Select(c => c.Likes))));

        // The page's counter follows within seconds, from a batch, not an eviction per vote.
        var article = (await client.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(await client.GetStringAsync(article)).Contains("<span class=\"n\">۷</span>", StringComparison.Ordinal))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), "the page's like counter did not reach ۷");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task ConfiguredHttpsBaseUrl_IsTheOnlyOrigin_SendsHsts_AndMakesCookiesSecure()
    {
        await using var factory = new KhabarFactory(new() { ["Khabar:BaseUrl"] = "https://khabar.example/" });
        await factory.ImportAsync(Samples.ReferenceArticle());
        var client = factory.Client();
        var response = await client.SendAsync(Forged("/", host: "evil.example"));
        var home = await response.Content.ReadAsStringAsync();
        Assert.Contains("https://khabar.example/", home);
        Assert.DoesNotContain("evil.example", home);
        Assert.Equal("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());

        // The newsroom's antiforgery cookie over plain http still carries Secure: the public address is https.
        var login = await client.GetAsync("/newsroom/login");
        Assert.All(login.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task BaseUrl_ThatIsNotAnAbsoluteHttpUrl_StopsTheSiteAtStart()
    {
        await using var factory = new KhabarFactory(new() { ["Khabar:BaseUrl"] = "khabar.example" });
        var error = await Record.ExceptionAsync(() => factory.Client().GetAsync("/"));
        Assert.NotNull(error);
        Assert.Contains("Khabar:BaseUrl", error.ToString());
    }
}

/// <summary>An embargoed article appears everywhere it belongs when its time comes, not when the caches expire.</summary>
public sealed class EmbargoTests
{
    [Fact]
    public async Task ImportedWithAFuturePublicationTime_AppearsOnHomeServiceAndFeedsWithinSeconds()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var factory = new KhabarFactory(clock: clock);
        await factory.ImportAsync(
            Samples.Article(1, "خبر پیشین سیاسی", "سیاسی", "2026-12-04T07:00:00Z"),
            Samples.Article(2, "خبر تحت انتشار زمان‌دار", "سیاسی", "2026-12-04T08:00:30Z"));
        var reader = factory.Client();
        var pages = new[] { "/", "/service/politics", "/rss", "/service/politics/rss", "/archive?date=1405/09/13", "/sitemap-news.xml" };
        foreach (var url in pages)
        {
            Assert.DoesNotContain("خبر تحت انتشار زمان‌دار", await reader.GetStringAsync(url)); // cached without it
        }

        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/x/2")).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(31));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        foreach (var url in pages)
        {
            while (!(await reader.GetStringAsync(url)).Contains("خبر تحت انتشار زمان‌دار", StringComparison.Ordinal))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), $"{url} still lacks the article {waited.Elapsed.TotalSeconds:F1} s after its time");
                await Task.Delay(100);
                clock.Advance(TimeSpan.FromMilliseconds(100));
            }
        }

        Assert.Equal(HttpStatusCode.MovedPermanently, (await reader.GetAsync("/x/2")).StatusCode);
    }
}

/// <summary>Search, views, forwarded addresses and the comment ceiling under a hostile visitor.</summary>
public sealed class HostileReadsTests
{
    private static HttpRequestMessage From(HttpMethod method, string url, string forwardedFor, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }

    [Fact]
    public async Task SearchBeyondPageFifty_IsRefusedInPersian_AndUncachedSearchesAreLimitedPerAddress()
    {
        await using var factory = new KhabarFactory(new() { ["Khabar:SearchPerIpPerMinute"] = "5" });
        await factory.ImportAsync(Samples.ReferenceArticle());
        var client = factory.Client();
        var far = await client.SendAsync(From(HttpMethod.Get, "/search?q=" + Uri.EscapeDataString("شورای") + "&page=51", "203.0.113.60"));
        Assert.Equal(HttpStatusCode.BadRequest, far.StatusCode);
        Assert.Contains("تنها تا صفحهٔ ۵۰ نمایش داده می‌شوند", await far.Content.ReadAsStringAsync());
        var farApi = await client.SendAsync(From(HttpMethod.Get, "/api/v1/search?q=x&page=51", "203.0.113.60"));
        Assert.Equal(HttpStatusCode.BadRequest, farApi.StatusCode);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(From(HttpMethod.Get, "/search?q=" + Uri.EscapeDataString("واژه" + i), "203.0.113.61"))).StatusCode);
        }

        var limited = await client.SendAsync(From(HttpMethod.Get, "/search?q=" + Uri.EscapeDataString("واژهٔ ششم"), "203.0.113.61"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Contains("از این نشانی جست‌وجوهای زیادی رسیده است", await limited.Content.ReadAsStringAsync());
        // A search the cache already holds is no work: it is answered; another address searches as usual.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(From(HttpMethod.Get, "/search?q=" + Uri.EscapeDataString("واژه0"), "203.0.113.61"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(From(HttpMethod.Get, "/api/v1/search?q=x", "203.0.113.62"))).StatusCode);
    }

    [Fact]
    public async Task ViewCounts_AreKeptOnlyForArticlesThatExist_AndIdleEntriesLeave()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var client = factory.Client();
        var counter = factory.Services.GetRequiredService<Khabar.Features.Shared.ViewCounter>();
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/news/{900_000 + i}/junk")).StatusCode);
        }

        Assert.Equal(0, counter.Entries);
        var article = (await client.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        await client.GetStringAsync(article);
        await client.GetStringAsync(article);
        Assert.Equal(1, counter.Entries);
        Assert.Equal(2, counter.Drain()[Samples.Code]);
        Assert.Empty(counter.Drain()); // nothing read since: the entry is gone
        Assert.Equal(0, counter.Entries);
    }

    [Fact]
    public async Task ClientAddress_IsTheRightMostThatIsNotAKnownProxy()
    {
        await using var factory = new KhabarFactory(new() { ["Khabar:KnownProxies:0"] = "10.0.0.5" });
        await factory.ImportAsync(Samples.ReferenceArticle());
        var client = factory.Client();
        async Task<string> StoredIpAsync(string forwardedFor, string text)
        {
            var response = await client.SendAsync(From(HttpMethod.Post, $"/api/v1/articles/{Samples.Code}/comments", forwardedFor,
                System.Net.Http.Json.JsonContent.Create(new { name = "خواننده", text })));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                db.Comments.Where(c => c.Text == text).Select(c => c.Ip)));
        }

        // A client that writes its own X-Forwarded-For entry cannot choose its address: the proxy's entry is last.
        Assert.Equal("198.51.100.30", await StoredIpAsync("1.1.1.1, 198.51.100.30", "نظر از پشت یک پراکسی"));
        // Through two proxies (10.0.0.5 is configured): the address before it.
        Assert.Equal("198.51.100.31", await StoredIpAsync("1.1.1.1, 198.51.100.31, 10.0.0.5", "نظر از پشت دو پراکسی"));
    }

    [Fact]
    public async Task CommentIntake_HasACeilingPerSecondForEveryoneTogether()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var factory = new KhabarFactory(new() { ["Khabar:Comments:PerSecond"] = "3" }, clock);
        await factory.ImportAsync(Samples.ReferenceArticle());
        var client = factory.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.SendAsync(From(HttpMethod.Post, $"/api/v1/articles/{Samples.Code}/comments", $"198.51.100.{40 + i}",
                System.Net.Http.Json.JsonContent.Create(new { name = "خواننده", text = "نظر شمارهٔ " + i })))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(From(HttpMethod.Post, $"/api/v1/articles/{Samples.Code}/comments", "198.51.100.50",
            System.Net.Http.Json.JsonContent.Create(new { name = "خواننده", text = "نظر پس از یک ثانیه" })))).StatusCode);
    }
}
