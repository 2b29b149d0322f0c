using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Khabar.Storage;
using Khabar.Tests.Newsroom;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Tests.Moderation;

public class ModerationTests
{
    internal static async Task<(KhabarFactory Factory, string ArticleUrl)> WithArticleAsync()
    {
        var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var location = (await factory.Client().GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        return (factory, location);
    }

    internal static async Task<long> PostCommentAsync(KhabarFactory factory, string text, string email = "reader@example.com", string ip = "5.160.0.1")
    {
        var client = factory.Client();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/articles/{Samples.Code}/comments")
        {
            Content = JsonContent.Create(new { name = "خواننده", email, text }),
        };
        request.Headers.Add("X-Forwarded-For", ip);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task FormComment_ShowsInQueue_ApprovingPutsItOnThePageAndMovesCounters()
    {
        var (factory, url) = await WithArticleAsync();
        await using var _ = factory;
        var reader = factory.Client();
        var posted = await reader.PostAsync($"/news/{Samples.Code}/comments", Http.Form(("name", "بهار"), ("email", "bahar@example.com"), ("text", "نظری برای صف نظارت")));
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Contains("در انتظار بررسی: ۱", await reader.HtmlAsync(url)); // the page is now cached with the new counter

        var moderator = await Staff.CookieClientAsync(factory, Roles.Moderator);
        var desk = await moderator.GetStringAsync("/newsroom/moderation");
        Assert.Contains("نظری برای صف نظارت", desk);
        Assert.Contains("bahar@example.com", desk);
        Assert.Contains("بررسی طرح تازه نامهای شهری", desk); // its article
        var id = await factory.WithDbAsync(db => db.Comments.Where(c => c.Text == "نظری برای صف نظارت").Select(c => c.Id).SingleAsync());

        var approve = await moderator.PostAsync($"/newsroom/moderation?handler=Approve&id={id}", Http.Form(("__RequestVerificationToken", Staff.Antiforgery(desk))));
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);

        var page = await reader.HtmlAsync(url);
        Assert.Contains("نظری برای صف نظارت", page);
        Assert.Contains("انتشار یافته: ۲", page);
        Assert.Contains("در انتظار بررسی: ۰", page);
    }

    [Fact]
    public async Task Reject_MovesTheRejectedCounter_AndKeepsTheReason()
    {
        var (factory, url) = await WithArticleAsync();
        await using var _ = factory;
        var id = await PostCommentAsync(factory, "نظری که رد می‌شود");
        var client = await Staff.BearerClientAsync(factory, Roles.Moderator);
        var response = await client.PostAsJsonAsync($"/api/v1/moderation/comments/{id}/reject", new { reason = "توهین" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"rejected\"", await response.Content.ReadAsStringAsync());

        var page = await factory.Client().HtmlAsync(url);
        Assert.Contains("غیر قابل انتشار: ۲", page);
        Assert.DoesNotContain("نظری که رد می‌شود", page);
        var comment = await factory.WithDbAsync(db => db.Comments.SingleAsync(c => c.Id == id));
        Assert.Equal("توهین", comment.RejectionReason);
        Assert.NotNull(comment.ModeratedBy);
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "reject" && a.Target == $"comment:{id}")));
    }

    [Fact]
    public async Task Api_ListsByStatusNewestFirst_AndApproves()
    {
        var (factory, _) = await WithArticleAsync();
        await using var __ = factory;
        var first = await PostCommentAsync(factory, "نخست");
        var second = await PostCommentAsync(factory, "دوم");
        var client = await Staff.BearerClientAsync(factory, Roles.Editor);
        using (var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/moderation/comments?status=pending")))
        {
            var items = json.RootElement.GetProperty("items");
            Assert.Equal(2, json.RootElement.GetProperty("total").GetInt32());
            Assert.Equal(second, items[0].GetProperty("id").GetInt64());
            Assert.Equal("IR", items[0].GetProperty("country_code").GetString());
            Assert.Equal("5.160.0.1", items[0].GetProperty("ip").GetString());
            Assert.Equal("reader@example.com", items[0].GetProperty("email").GetString());
            Assert.Equal(Samples.Code, items[0].GetProperty("article").GetProperty("code").GetInt64());
        }

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/moderation/comments/{first}/approve", null)).StatusCode);
        using var published = JsonDocument.Parse(await client.GetStringAsync("/api/v1/moderation/comments?status=published"));
        Assert.Equal(2, published.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/moderation/comments?status=maybe")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/v1/moderation/comments/999999/approve", null)).StatusCode);
    }

    [Theory]
    [InlineData("این یک \u0643\u0644\u0645\u0647 است")] // Arabic kaf
    [InlineData("این یک \u06A9\u0644\u200C\u0645\u0647 است")] // ZWNJ inside
    [InlineData("این یک \u06A9\u0644\u0640\u0640\u0645\u0647 است")] // tatweel
    [InlineData("این یک \u06A9\u0644\u0645\u064E\u0647 است")] // a diacritic
    public async Task BannedWord_InAnySpelling_IsRejectedAtOnce(string text)
    {
        var (factory, _) = await WithArticleAsync();
        await using var __ = factory;
        var admin = await Staff.CookieClientAsync(factory, Roles.Admin);
        var words = await admin.GetStringAsync("/newsroom/moderation/words");
        var add = await admin.PostAsync("/newsroom/moderation/words?handler=Add", Http.Form(("text", "کلمه"), ("kind", "banned"), ("__RequestVerificationToken", Staff.Antiforgery(words))));
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);

        var id = await PostCommentAsync(factory, text);
        var comment = await factory.WithDbAsync(db => db.Comments.SingleAsync(c => c.Id == id));
        Assert.Equal(CommentStatus.Rejected, comment.Status);
        Assert.Contains("کلمه", comment.RejectionReason);

        var clean = await PostCommentAsync(factory, "این یک کلمات است"); // a different word stays pending
        Assert.Equal(CommentStatus.Pending, await factory.WithDbAsync(db => db.Comments.Where(c => c.Id == clean).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task SuspectWord_IsHeldAndHighlightedInTheQueue()
    {
        var (factory, _) = await WithArticleAsync();
        await using var __ = factory;
        var moderator = await Staff.CookieClientAsync(factory, Roles.Moderator);
        var words = await moderator.GetStringAsync("/newsroom/moderation/words");
        await moderator.PostAsync("/newsroom/moderation/words?handler=Add", Http.Form(("text", "رشوه"), ("kind", "suspect"), ("__RequestVerificationToken", Staff.Antiforgery(words))));
        var id = await PostCommentAsync(factory, "گفته می‌شود رشوه\u0640 داده شده");
        Assert.Equal(CommentStatus.Pending, await factory.WithDbAsync(db => db.Comments.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()));
        var desk = await moderator.GetStringAsync("/newsroom/moderation");
        Assert.Contains("<mark>رشوه\u0640</mark>", desk);
    }

    [Theory]
    [InlineData("ip", "5.160.0.1", "5.160.0.1")]
    [InlineData("email", "blocked@example.com", "5.160.0.1")]
    [InlineData("ip", "2001:db8:7:8::1", "2001:db8:7:8:aaaa::99")] // an IPv6 block covers its /64
    public async Task BlockedIpOrEmail_IsRefusedPolitelyAndNothingIsStored(string kind, string value, string from)
    {
        var (factory, _) = await WithArticleAsync();
        await using var __ = factory;
        var moderator = await Staff.CookieClientAsync(factory, Roles.Moderator);
        var page = await moderator.GetStringAsync("/newsroom/moderation/blocks");
        var add = await moderator.PostAsync("/newsroom/moderation/blocks?handler=Add", Http.Form(("kind", kind), ("value", value), ("reason", "هرزنامه"), ("__RequestVerificationToken", Staff.Antiforgery(page))));
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);

        var before = await factory.WithDbAsync(db => db.Comments.CountAsync());
        var request = new HttpRequestMessage(HttpMethod.Post, $"/news/{Samples.Code}/comments")
        {
            Content = Http.Form(("name", "فرستنده"), ("email", "Blocked@Example.com"), ("text", "نظر")),
        };
        request.Headers.Add("X-Forwarded-For", from);
        var response = await factory.Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("امکان ثبت نظر از این نشانی یا ایمیل فعلاً وجود ندارد", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await factory.WithDbAsync(db => db.Comments.CountAsync()));
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "block")));
    }

    [Fact]
    public async Task Queue_ShowsTheCommentersHistory()
    {
        var (factory, _) = await WithArticleAsync();
        await using var __ = factory;
        var earlier = await PostCommentAsync(factory, "نظر پیشین", "repeat@example.com", "9.9.9.9");
        var client = await Staff.BearerClientAsync(factory, Roles.Moderator);
        await client.PostAsync($"/api/v1/moderation/comments/{earlier}/reject", null);
        await PostCommentAsync(factory, "نظر تازه از همان فرستنده", "repeat@example.com", "9.9.9.9");
        var desk = await client.GetStringAsync("/newsroom/moderation");
        Assert.Contains("۱ نظر پیشین، ۱ ردشده", desk);
        Assert.Contains("نخستین نظر", (await client.GetStringAsync("/newsroom/moderation?status=rejected")));
    }

    [Fact]
    public async Task BulkApprove_PublishesAllSelected()
    {
        var (factory, url) = await WithArticleAsync();
        await using var __ = factory;
        var a = await PostCommentAsync(factory, "گروهی یک");
        var b = await PostCommentAsync(factory, "گروهی دو");
        var moderator = await Staff.CookieClientAsync(factory, Roles.Moderator);
        var desk = await moderator.GetStringAsync("/newsroom/moderation");
        var response = await moderator.PostAsync("/newsroom/moderation?handler=Bulk", Http.Form(
            ("ids", a.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("ids", b.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("action", "approve"), ("__RequestVerificationToken", Staff.Antiforgery(desk))));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await factory.Client().HtmlAsync(url);
        Assert.Contains("گروهی یک", page);
        Assert.Contains("گروهی دو", page);
        Assert.Contains("انتشار یافته: ۳", page);
    }

    [Fact]
    public async Task EditAndReply_ShowOnTheArticleWithTheStaffReplyHighlighted()
    {
        var (factory, url) = await WithArticleAsync();
        await using var __ = factory;
        var id = await PostCommentAsync(factory, "متن با غلط املايي");
        var moderator = await Staff.CookieClientAsync(factory, Roles.Moderator);
        var desk = await moderator.GetStringAsync("/newsroom/moderation");
        var token = Staff.Antiforgery(desk);
        await moderator.PostAsync($"/newsroom/moderation?handler=Edit&id={id}", Http.Form(("text", "متن با املای درست"), ("__RequestVerificationToken", token)));
        await moderator.PostAsync($"/newsroom/moderation?handler=Reply&id={id}", Http.Form(("text", "از نظر شما سپاسگزاریم."), ("__RequestVerificationToken", token)));
        var page = await factory.Client().HtmlAsync(url);
        Assert.Contains("متن با املای درست", page);
        Assert.DoesNotContain("غلط", page);
        Assert.Contains("class=\"comment staff\"", page);
        Assert.Contains("از نظر شما سپاسگزاریم.", page);
        Assert.Contains("پاسخ تحریریه", page);
    }

    [Fact]
    public async Task Moderator_CannotEditArticles_AndReporterCannotModerate()
    {
        var (factory, _) = await WithArticleAsync();
        await using var __ = factory;
        var id = await PostCommentAsync(factory, "نظر");
        var reporter = await Staff.BearerClientAsync(factory, Roles.Reporter);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsync($"/api/v1/moderation/comments/{id}/approve", null)).StatusCode);
        Assert.Equal(CommentStatus.Pending, await factory.WithDbAsync(db => db.Comments.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()));
        var moderator = await Staff.BearerClientAsync(factory, Roles.Moderator);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync("/newsroom/articles")).StatusCode);
    }



}
