using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Tests.Api;

public class ApiTests
{
    private static async Task<KhabarFactory> WithArticleAsync()
    {
        var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        return factory;
    }

    [Fact]
    public async Task PostComment_Valid_Is202PendingAndCommitted()
    {
        await using var factory = await WithArticleAsync();
        var response = await factory.Client().PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments",
            new { name = "سارا", email = "sara@example.com", text = "نظری از راه API" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = json.RootElement.GetProperty("id").GetInt64();
        Assert.Equal("pending", json.RootElement.GetProperty("status").GetString());
        var stored = await factory.WithDbAsync(db => db.Comments.SingleAsync(c => c.Id == id));
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Equal("نظری از راه API", stored.Text);
    }

    [Fact]
    public async Task PostComment_Invalid_Is400WithPersianMessagePerField()
    {
        await using var factory = await WithArticleAsync();
        var response = await factory.Client().PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments",
            new { name = "", email = "bad@", text = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = json.RootElement.GetProperty("errors");
        Assert.Equal("آدرس ایمیل خود را با فرمت مناسب وارد نمایید.", errors.GetProperty("email")[0].GetString());
        Assert.Equal("نام خود را وارد نمایید.", errors.GetProperty("name")[0].GetString());
        Assert.Equal("متن نظر را وارد نمایید.", errors.GetProperty("text")[0].GetString());
        Assert.Equal(0, await factory.WithDbAsync(db => db.Comments.CountAsync(c => c.Status == CommentStatus.Pending)));
    }

    [Theory]
    [InlineData("{\"name\":", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("name=x&text=y", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("{\"name\":\"x\",\"text\":\"y\",\"parent_id\":\"abc\"}", "application/json", HttpStatusCode.BadRequest)]
    public async Task PostComment_BadBody_IsAPersianProblemNotA500(string body, string contentType, HttpStatusCode expected)
    {
        await using var factory = await WithArticleAsync();
        var response = await factory.Client().PostAsync($"/api/v1/articles/{Samples.Code}/comments",
            new StringContent(body, Encoding.UTF8, contentType));
        Assert.Equal(expected, response.StatusCode);
        Assert.Matches("[\u0600-\u06FF]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostComment_UnknownArticle_Is404()
    {
        await using var factory = await WithArticleAsync();
        var response = await factory.Client().PostAsJsonAsync("/api/v1/articles/424242/comments", new { name = "ن", text = "م" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PostComment_ReplyToPublishedComment_KeepsOneLevel()
    {
        await using var factory = await WithArticleAsync();
        var client = factory.Client();
        var parent = await factory.WithDbAsync(db => db.Comments.Where(c => c.Status == CommentStatus.Published).Select(c => c.Id).SingleAsync());
        var response = await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = "پاسخ\u200Cدهنده", text = "پاسخ", parent_id = parent });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var bad = await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = "ن", text = "پاسخ", parent_id = 987654 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task GetArticles_ReturnsSnakeCaseWithIsoAndJalaliDates()
    {
        await using var factory = await WithArticleAsync();
        using var json = JsonDocument.Parse(await factory.Client().GetStringAsync("/api/v1/articles"));
        Assert.Equal(1, json.RootElement.GetProperty("total").GetInt32());
        var item = json.RootElement.GetProperty("items")[0];
        Assert.Equal(Samples.Code, item.GetProperty("code").GetInt64());
        Assert.Equal("2022-04-19T08:30:00Z", item.GetProperty("published_at").GetString());
        Assert.Equal("۱۳:۰۰ ۳۰ فروردین ۱۴۰۱", item.GetProperty("published_at_jalali").GetString());
        Assert.Equal("politics", item.GetProperty("service").GetProperty("slug").GetString());

        using var filtered = JsonDocument.Parse(await factory.Client().GetStringAsync("/api/v1/articles?service=politics"));
        Assert.Equal(1, filtered.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync("/api/v1/articles?service=no-such-desk")).StatusCode);
    }

    [Fact]
    public async Task GetArticle_ReturnsBodyTagsAndCounts()
    {
        await using var factory = await WithArticleAsync();
        using var json = JsonDocument.Parse(await factory.Client().GetStringAsync($"/api/v1/articles/{Samples.Code}"));
        var root = json.RootElement;
        Assert.Equal("بررسی طرح تازه نامهای شهری در شورای شهر", root.GetProperty("title").GetString());
        Assert.Contains("<p>", root.GetProperty("body_html").GetString());
        Assert.Equal(2, root.GetProperty("tags").GetArrayLength());
        Assert.Equal(1, root.GetProperty("comments").GetProperty("published").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync("/api/v1/articles/55555")).StatusCode);
    }

    [Fact]
    public async Task GetComments_ReturnsPublishedOnlyWithoutPrivateFields()
    {
        await using var factory = await WithArticleAsync();
        var body = await factory.Client().GetStringAsync($"/api/v1/articles/{Samples.Code}/comments");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(1, json.RootElement.GetProperty("total").GetInt32());
        var c = json.RootElement.GetProperty("items")[0];
        Assert.Equal("7891", c.GetProperty("name").GetString());
        Assert.Equal("NL", c.GetProperty("country_code").GetString());
        Assert.Equal("2022-04-19T17:40:00Z", c.GetProperty("created_at").GetString());
        Assert.Equal("۲۲:۱۰ ۳۰ فروردین ۱۴۰۱", c.GetProperty("created_at_jalali").GetString());
        Assert.DoesNotContain("email", body);
        Assert.DoesNotContain("145.97", body);
        Assert.DoesNotContain("نظر ردشده", body);
    }
}
