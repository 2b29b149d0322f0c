using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Khabar.Tests.Newsroom;

namespace Khabar.Tests.MultiNode;

/// <summary>
/// Two nodes + nginx + PostgreSQL + Redis (<see cref="MultiNodeSite"/>): what one node, the CLI or a reader does is
/// what every node shows, within a second; limits are the site's, not each node's; a newsroom session is the site's.
/// </summary>
[Collection(nameof(MultiNodeTests))]
public sealed class MultiNodeTests
{
    private const string Reader = "خوانندهٔ دو گره";

    [Fact]
    public async Task TwoNodesStartedTogether_OnAnEmptyDatabase_WithDemoContent_AreBothHealthy_AndWriteItOnce()
    {
        await using var site = await MultiNodeSite.StartAsync(new()
        {
            ["Khabar__Demo"] = "true",
            ["Khabar__DataProtection__Secret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        using var front = site.Front.Client();
        Assert.Equal(HttpStatusCode.OK, (await front.GetAsync("/")).StatusCode);
        foreach (var node in new[] { site.A, site.B })
        {
            using var client = node.Client();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }

        var articles = await site.A.ScalarAsync("SELECT count(*) FROM \"Articles\"");
        Assert.True(articles > 0, "no demo content");
        Assert.Equal(articles, await site.A.ScalarAsync("SELECT count(DISTINCT \"Title\") FROM \"Articles\""));
        Assert.Equal(await site.A.ScalarAsync("SELECT count(DISTINCT \"Name\") FROM \"AspNetRoles\""), await site.A.ScalarAsync("SELECT count(*) FROM \"AspNetRoles\""));

        // The data-protection key: made once (under the start-up lock), not once per node.
        var waited = Stopwatch.StartNew();
        while (await site.A.ScalarAsync("SELECT count(*) FROM \"DataProtectionKeys\"") == 0 && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(200);
        }

        await Task.Delay(1000);
        Assert.Equal(1, await site.A.ScalarAsync("SELECT count(*) FROM \"DataProtectionKeys\""));
        Assert.Equal(1, await site.A.ScalarAsync("SELECT count(*) FROM \"DataProtectionKeys\" WHERE \"Xml\" LIKE '%encryptedKey%'")); // with the secret
    }

    [Fact]
    public async Task ACommentPostedOnA_AndApprovedOnB_ShowsOnBoth_AndACliEditShowsOnBoth_WithinASecond()
    {
        await using var site = await MultiNodeSite.StartAsync();
        await site.ImportAsync(Samples.ReferenceArticle());
        using var moderator = site.B.Client();
        moderator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await site.TokenAsync("moderator", "desk@newsroom.test"));
        using var a = site.A.Client();
        using var b = site.B.Client();
        var url = (await a.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync(url)).StatusCode); // cached on A (and in the shared store)
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync(url)).StatusCode);

        var posted = await a.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = Reader, text = "نظری که هر دو گره باید پس از تأیید نشانش دهند" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        using var json = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var id = json.RootElement.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsync($"/api/v1/moderation/comments/{id}/approve", null)).StatusCode);
        await SeenOnBothAsync(site, url, "نظری که هر دو گره باید پس از تأیید نشانش دهند", TimeSpan.FromSeconds(1));

        await site.ImportAsync(Samples.Article(Samples.Code, "عنوان تازه‌ای که ویرایش خط فرمان به هر دو گره رساند"));
        await SeenOnBothAsync(site, url, "عنوان تازه‌ای که ویرایش خط فرمان به هر دو گره رساند", TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ASignInOnOneNode_IsValidOnTheOther_AndABannedWordAddedThere_IsEnforcedOnTheFirst()
    {
        await using var site = await MultiNodeSite.StartAsync();
        await site.ImportAsync(Samples.ReferenceArticle());
        var created = await site.A.RunAsync("admin", "create", "--email", "words@newsroom.test", "--password", Staff.Password, "--role", "moderator");
        Assert.True(created.Exit == 0, created.Err);

        // Cookies are per host, not per port: one jar serves both nodes, as one browser behind the balancer would.
        var jar = new CookieContainer();
        using var a = site.A.Client(jar);
        using var b = site.B.Client(jar);
        var login = await a.GetStringAsync("/newsroom/login"); // antiforgery token and cookie made on A …
        var signedIn = await b.PostAsync("/newsroom/login", Http.Form(
            ("email", "words@newsroom.test"), ("password", Staff.Password), ("returnUrl", "/newsroom"), ("__RequestVerificationToken", Staff.Antiforgery(login))));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode); // … accepted on B, whose sign-in cookie …
        var words = await a.GetAsync("/newsroom/moderation/words");
        Assert.Equal(HttpStatusCode.OK, words.StatusCode); // … opens the newsroom on A (no secret set: keys readable by both).

        var add = await b.PostAsync("/newsroom/moderation/words?handler=Add", Http.Form(
            ("text", "واژه‌ممنوعه"), ("kind", "banned"), ("__RequestVerificationToken", Staff.Antiforgery(await words.Content.ReadAsStringAsync()))));
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);

        await Task.Delay(1000);
        using var reader = site.A.Client();
        var posted = await reader.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = Reader, text = "این نظر یک واژه‌ممنوعه دارد" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        using var json = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var id = json.RootElement.GetProperty("id").GetInt64();
        var status = await site.A.ScalarAsync($"SELECT \"Status\" FROM \"Comments\" WHERE \"Id\" = {id}");
        var rejected = await site.A.ScalarAsync($"SELECT count(*) FROM \"Comments\" WHERE \"Id\" = {id} AND \"RejectionReason\" LIKE '%ممنوعه%'");
        Assert.True(rejected == 1, $"node A did not enforce the word added on B (status {status})");
    }

    [Fact]
    public async Task CommentLimits_HoldForTheSite_WhicheverNodeTheCommentsReach()
    {
        await using var site = await MultiNodeSite.StartAsync(new() { ["Khabar__Comments__PerIpPerMinute"] = "6" });
        await site.ImportAsync(Samples.ReferenceArticle());
        var before = await site.A.ScalarAsync("SELECT count(*) FROM \"Comments\"");
        var accepted = 0;
        var refused = 0;
        for (var i = 0; i < 12; i++)
        {
            using var client = (i % 2 == 0 ? site.A : site.B).Client();
            var posted = await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = Reader, text = $"نظر شمارهٔ {i} از یک نشانی" });
            if (posted.StatusCode == HttpStatusCode.Accepted)
            {
                accepted++;
            }
            else if (posted.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused++;
                Assert.NotNull(posted.Headers.RetryAfter);
            }
        }

        Assert.Equal((6, 6), (accepted, refused));
        Assert.Equal(before + 6, await site.A.ScalarAsync("SELECT count(*) FROM \"Comments\""));
    }

    [Fact]
    public async Task AfterRedisRestarts_ChangesReachBothNodesAgain()
    {
        await using var site = await MultiNodeSite.StartAsync();
        await site.ImportAsync(Samples.ReferenceArticle());
        using var moderator = site.B.Client();
        moderator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await site.TokenAsync("moderator", "desk@newsroom.test"));
        using var a = site.A.Client();
        var url = (await a.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync(url)).StatusCode);

        await site.Redis.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3)); // both nodes reconnect (and drop what they hold)
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync(url)).StatusCode); // cached again on A, after the restart

        var posted = await a.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = Reader, text = "نظری پس از بازگشت ردیس" });
        using var json = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var id = json.RootElement.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsync($"/api/v1/moderation/comments/{id}/approve", null)).StatusCode);
        await SeenOnBothAsync(site, url, "نظری پس از بازگشت ردیس", TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task AnEmbargoedArticle_AppearsOnBothNodes_WhenItsTimeComes()
    {
        await using var site = await MultiNodeSite.StartAsync();
        await site.ImportAsync(Samples.ReferenceArticle());
        using var a = site.A.Client();
        using var b = site.B.Client();
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/")).StatusCode); // both home pages cached without it
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/")).StatusCode);
        var at = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(12); // the CLI import itself takes a few seconds
        await site.ImportAsync(Samples.Article(7101, "خبری که تا زمان انتشارش روی هیچ گرهی دیده نمی‌شود", publishedAt: at.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.DoesNotContain("تا زمان انتشارش", await a.GetStringAsync("/"));
        Assert.DoesNotContain("تا زمان انتشارش", await b.GetStringAsync("/"));

        await Task.Delay(at - TimeProvider.System.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(1));
        await SeenOnBothAsync(site, "/", "خبری که تا زمان انتشارش روی هیچ گرهی دیده نمی‌شود", TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ABreakingStoryEnds_OnBothNodes_WithOneChangeForTheSite()
    {
        await using var site = await MultiNodeSite.StartAsync();
        var until = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(12);
        await site.ImportAsync(Samples.ReferenceArticle(), $$"""{"code":7102,"service":"سیاسی","title":"خبر فوری دو گرهی","published_at":"2024-01-01T10:00:00Z","breaking_until":"{{until:yyyy-MM-ddTHH:mm:ssZ}}"}""");
        await SeenOnBothAsync(site, "/", "breaking-title", TimeSpan.FromSeconds(3));
        const string SiteChanges = "SELECT count(*) FROM \"ContentChangeLog\" WHERE \"Kind\" = 0";
        var before = await site.A.ScalarAsync(SiteChanges);

        await Task.Delay(until - TimeProvider.System.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(1));
        using var a = site.A.Client();
        using var b = site.B.Client();
        var waited = Stopwatch.StartNew();
        foreach (var client in new[] { a, b })
        {
            while ((await PageAsync(client, "/")).Contains("breaking-title", StringComparison.Ordinal))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(3), "a node kept the strip after its end");
                await Task.Delay(25);
            }
        }

        // Both nodes look every second; only the one whose UPDATE cleared the mark told the change bus.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(before + 1, await site.A.ScalarAsync(SiteChanges));
        Assert.Equal(0, await site.A.ScalarAsync("SELECT count(*) FROM \"Articles\" WHERE \"BreakingUntil\" IS NOT NULL"));
    }

    [Fact]
    public async Task KillingNodeA_UnderACommentFloodThroughNginx_LosesNoAcknowledgedComment_AndTheFrontKeepsAnswering()
    {
        await using var site = await MultiNodeSite.StartAsync();
        await site.ImportAsync(Samples.ReferenceArticle());
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<long, byte>();
        var afterKill = 0;
        var killed = false;
        using var stop = new CancellationTokenSource();
        async Task FloodAsync(int sender)
        {
            using var client = site.Front.Client();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var text = $"نظر {sender}-{i} در سیل نظرها پیش و پس از خاموشی یک گره";
                try
                {
                    using var posted = await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = Reader, text });
                    if (posted.StatusCode == HttpStatusCode.Accepted)
                    {
                        using var json = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
                        acknowledged[json.RootElement.GetProperty("id").GetInt64()] = 0;
                        if (Volatile.Read(ref killed))
                        {
                            Interlocked.Increment(ref afterKill);
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    // the request that was on the killed node: never acknowledged
                }
            }
        }

        var senders = Enumerable.Range(0, 12).Select(i => Task.Run(() => FloodAsync(i))).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2));
        site.A.Kill();
        Volatile.Write(ref killed, true);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await KhabarProcess.WithinAsync(senders, TimeSpan.FromSeconds(60), "the flood's senders");

        Assert.True(afterKill > 0, "the front answered no comment after node A was killed");
        var stored = await site.B.RowsAsync("SELECT \"Id\", \"Text\" FROM \"Comments\"");
        var lost = acknowledged.Keys.Where(id => !stored.ContainsKey(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged comments are not in the database");
        Report.Line("crash", $"- two nodes behind nginx, node A killed (SIGKILL) under a flood through nginx: {acknowledged.Count} comments acknowledged, {afterKill} of them after the kill (node B), {lost.Count} lost.");
    }

    /// <summary>The page, after the redirects a new title's slug makes (a changed title moves the article's address).</summary>
    private static async Task<string> PageAsync(HttpClient client, string url)
    {
        for (var hops = 0; hops < 3; hops++)
        {
            using var response = await client.GetAsync(url);
            if (response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && response.Headers.Location is { } next)
            {
                url = next.OriginalString;
                continue;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        return "";
    }

    /// <summary>Polls node A, node B and the front until each shows the text, failing when one does not in time.</summary>
    private static async Task SeenOnBothAsync(MultiNodeSite site, string url, string text, TimeSpan deadline)
    {
        using var a = site.A.Client();
        using var b = site.B.Client();
        using var front = site.Front.Client();
        var waited = Stopwatch.StartNew();
        foreach (var (name, client) in new[] { ("A", a), ("B", b), ("nginx", front) })
        {
            while (!(await PageAsync(client, url)).Contains(text, StringComparison.Ordinal))
            {
                Assert.True(waited.Elapsed < deadline, $"node {name} did not show «{text}» within {deadline.TotalSeconds:F1} s");
                await Task.Delay(25);
            }
        }
    }
}

[CollectionDefinition(nameof(MultiNodeTests), DisableParallelization = true)]
public sealed class MultiNodeTestGroup;
