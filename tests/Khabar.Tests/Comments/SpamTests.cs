using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Khabar.Features.Comments;
using Khabar.Features.Shared;
using Khabar.Storage;
using Khabar.Tests.Newsroom;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Tests.Comments;

/// <summary>Floods and spam: per-address and per-email limits with Retry-After, duplicates, form timing, sign-in throttling.</summary>
public sealed class SpamTests
{
    private static async Task<(KhabarFactory Factory, HttpClient Client)> SiteAsync(params (string Key, string Value)[] settings)
    {
        var factory = new KhabarFactory(settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        await factory.ImportAsync(Samples.ReferenceArticle(), Samples.Article(7002, "خبر دوم برای آزمون تکرار"));
        return (factory, factory.Client());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string text, string email = "", long code = Samples.Code) =>
        client.PostAsJsonAsync($"/api/v1/articles/{code}/comments", new { name = "خواننده", email, text });

    private static async Task<string> TitleAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("title").GetString()!;
    }

    [Fact]
    public async Task OneEmail_BeyondItsHourlyLimit_Gets429WithRetryAfter_WhileAnotherEmailIsAccepted()
    {
        var (factory, client) = await SiteAsync(("Khabar:Comments:PerEmailPerHour", "2"), ("Khabar:Comments:PerIpPerMinute", "100"));
        await using var _ = factory;
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, "نظر یکم", "Reader@Example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, "نظر دوم", "reader@example.org")).StatusCode);
        var third = await PostAsync(client, "نظر سوم", "READER@example.org");
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(CommentMessages.RateLimitedEmail, await TitleAsync(third));
        var wait = int.Parse(third.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(wait, 1, 3600);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, "نظر سوم", "other@example.org")).StatusCode);
        Assert.Equal(3, await factory.WithDbAsync(db => db.Comments.CountAsync(c => c.Status == CommentStatus.Pending)));
    }

    [Fact]
    public async Task OneAddress_BeyondItsLimitPerMinute_Gets429WithRetryAfter_OnTheApiAndTheForm()
    {
        var (factory, client) = await SiteAsync(("Khabar:Comments:PerIpPerMinute", "2"));
        await using var _ = factory;
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, "نظر یکم")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, "نظر دوم")).StatusCode);
        var api = await PostAsync(client, "نظر سوم");
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal(CommentMessages.RateLimited, await TitleAsync(api));
        Assert.InRange(int.Parse(api.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60);

        var form = await client.PostAsync($"/news/{Samples.Code}/comments", Http.Form(("name", "خواننده"), ("email", ""), ("text", "نظر چهارم")));
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        Assert.True(form.Headers.Contains("Retry-After"));
        Assert.Contains(CommentMessages.RateLimited, await form.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSameText_AgainOnTheSameArticle_HoweverSpelled_IsRefusedAsADuplicate()
    {
        var (factory, client) = await SiteAsync();
        await using var _ = factory;
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, "این گزارش درباره کتاب‌های درسی 1404 دقیق بود")).StatusCode);
        // Arabic ي and ك, a space for the ZWNJ, Persian digits: the same words to a reader, the same search key.
        var again = await PostAsync(client, "اين گزارش درباره كتاب های درسي ۱۴۰۴ دقيق بود");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        using (var json = JsonDocument.Parse(await again.Content.ReadAsStringAsync()))
        {
            Assert.Equal(CommentMessages.Duplicate, json.RootElement.GetProperty("errors").GetProperty("text")[0].GetString());
        }

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, "این گزارش درباره کتاب‌های درسی 1404 دقیق بود", code: 7002)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, "این گزارش درباره کتاب‌های درسی 1405 دقیق بود")).StatusCode);
    }

    [Fact]
    public async Task TheSameWords_FromTwoReaders_AreTwoComments_ButOneSenderRepeatingIsRefused()
    {
        var (factory, client) = await SiteAsync();
        await using var _ = factory;
        Task<HttpResponseMessage> FromAsync(string ip, string email, string text)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/articles/{Samples.Code}/comments")
            {
                Content = JsonContent.Create(new { name = "خواننده", email, text }),
            };
            request.Headers.Add("X-Forwarded-For", ip);
            return client.SendAsync(request);
        }

        const string Thanks = "ممنون از گزارش خوبتان";
        Assert.Equal(HttpStatusCode.Accepted, (await FromAsync("5.160.0.1", "first@example.com", Thanks)).StatusCode);
        // Another reader, from another address and email, agrees in the same words: a second comment.
        Assert.Equal(HttpStatusCode.Accepted, (await FromAsync("5.160.0.2", "second@example.com", "ممنون از گزارش خوبتان")).StatusCode);
        // The first sender again, by address (another email) or by email (another address): a repeat.
        Assert.Equal(HttpStatusCode.BadRequest, (await FromAsync("5.160.0.1", "other@example.com", Thanks)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await FromAsync("5.160.0.9", "FIRST@example.com", Thanks)).StatusCode);
        Assert.Equal(2, await factory.WithDbAsync(db => db.Comments.CountAsync(c => c.Text == Thanks)));
    }

    [Fact]
    public async Task ADuplicate_IsStillRefusedAfterARestart()
    {
        var folder = Directory.CreateTempSubdirectory("khabar-dup-").FullName;
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Khabar"] = $"Data Source={Path.Combine(folder, "site.db")}" };
        try
        {
            await using (var first = new KhabarFactory(settings))
            {
                await first.ImportAsync(Samples.ReferenceArticle());
                Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(first.Client(), "نظری که پیش از راه‌اندازی دوباره فرستاده شد")).StatusCode);
            }

            await using var second = new KhabarFactory(settings);
            var before = await second.WithDbAsync(db => db.Comments.CountAsync());
            var again = await PostAsync(second.Client(), "نظري كه پيش از راه‌اندازي دوباره فرستاده شد");
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.Equal(before, await second.WithDbAsync(db => db.Comments.CountAsync()));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AFloodOfNewAddresses_KeepsTheCounterBounded_AndAnAddressOverItsLimitStaysRefused()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-27T12:00:00Z", CultureInfo.InvariantCulture));
        var counter = new WindowCounter(3, TimeSpan.FromHours(1), clock, maxKeys: 1_000);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(counter.TryTake("5.160.0.9", out _));
        }

        for (var i = 0; i < 100_000; i++)
        {
            Assert.True(counter.TryTake($"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}", out _));
            Assert.InRange(counter.Count, 1, counter.MaxKeys);
        }

        Assert.False(counter.TryTake("5.160.0.9", out var wait));
        Assert.InRange(wait, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.True(counter.TryTake("5.160.0.9", out _));
    }

    [Fact]
    public void ASweep_NeverDropsAKeyOverItsLimit_EvenWhenTheFloodKeysAreBusyToo()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-27T12:00:00Z", CultureInfo.InvariantCulture));
        var counter = new WindowCounter(3, TimeSpan.FromHours(1), clock, maxKeys: 1_000);
        for (var i = 0; i < 4; i++)
        {
            counter.TryTake("5.160.0.9", out _);
        }

        // Every flood key used twice (under its limit of three, but more than once): a sweep must still keep 5.160.0.9.
        for (var i = 0; i < 20_000; i++)
        {
            var key = $"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}";
            counter.TryTake(key, out _);
            counter.TryTake(key, out _);
            Assert.InRange(counter.Count, 1, counter.MaxKeys);
        }

        Assert.False(counter.TryTake("5.160.0.9", out _));
    }

    [Theory]
    [InlineData("800", false)]
    [InlineData("2999", false)]
    [InlineData("4500", true)]
    [InlineData("", true)] // no script: nothing is assumed
    public async Task CommentForm_SentFasterThanAPersonCould_IsAnsweredAsUsualButNotKept(string elapsed, bool kept)
    {
        var (factory, client) = await SiteAsync();
        await using var _ = factory;
        var before = await factory.WithDbAsync(db => db.Comments.CountAsync());
        var response = await client.PostAsync($"/news/{Samples.Code}/comments",
            Http.Form(("name", "خواننده"), ("email", ""), ("text", "نظری با زمان پر کردن " + elapsed), ("elapsed", elapsed)));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(before + (kept ? 1 : 0), await factory.WithDbAsync(db => db.Comments.CountAsync()));
    }

    [Fact]
    public async Task NewsroomSignIn_BeyondTheAttemptsPerAddress_Gets429WithRetryAfter_EvenWithTheRightPassword()
    {
        await using var factory = new KhabarFactory(new Dictionary<string, string?> { ["Khabar:LoginPerIpPerMinute"] = "3" });
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var emails = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            emails.Add(await Staff.CreateAsync(factory, Roles.Editor));
            Assert.Equal(HttpStatusCode.BadRequest, (await Staff.LoginAsync(client, emails[i], "not-the-password-1")).StatusCode);
        }

        var throttled = await Staff.LoginAsync(client, emails[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.InRange(int.Parse(throttled.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60);
        Assert.Contains("تلاش\u200Cهای ورود زیادی", await throttled.Content.ReadAsStringAsync());
    }
}
