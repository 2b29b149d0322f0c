using System.Net;
using System.Text.Json;
using Khabar.Storage;
using Khabar.Tests.Newsroom;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Tests.Moderation;

/// <summary>The moderation desk as moderators use it: fetch actions with live counters and undo, a commenter's history, staff replies.</summary>
public sealed class ModerationDeskTests
{
    [Fact]
    public async Task Desk_FetchActions_AnswerWithTheArticlesCounters_AndUndoPutsTheCommentBack()
    {
        var (factory, _) = await ModerationTests.WithArticleAsync();
        await using var __ = factory;
        var id = await ModerationTests.PostCommentAsync(factory, "نظری که برمی‌گردد");
        var moderator = await Staff.CookieClientAsync(factory, Roles.Moderator);
        var desk = await moderator.GetStringAsync("/newsroom/moderation");
        Assert.Contains("class=\"button approve\"", desk);
        var token = Staff.Antiforgery(desk);

        async Task<JsonElement> FetchAsync(string handler)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/newsroom/moderation?handler={handler}&id={id}")
            {
                Content = Http.Form(("__RequestVerificationToken", token)),
            };
            request.Headers.Add("X-Requested-With", "fetch");
            var response = await moderator.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }

        var approved = await FetchAsync("Approve");
        Assert.Equal("published", approved.GetProperty("status").GetString());
        Assert.Equal(2, approved.GetProperty("published").GetInt32()); // the reference article's one and this
        Assert.Equal(0, approved.GetProperty("pending").GetInt32());
        var undone = await FetchAsync("Undo");
        Assert.Equal("pending", undone.GetProperty("status").GetString());
        Assert.Equal(1, undone.GetProperty("published").GetInt32());
        Assert.Equal(1, undone.GetProperty("pending").GetInt32());
        Assert.Equal(CommentStatus.Pending, await factory.WithDbAsync(db => db.Comments.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()));
        Assert.Contains("\u0646\u0638\u0631\u06CC \u06A9\u0647", await moderator.GetStringAsync("/newsroom/moderation")); // back in the queue
        var audit = await factory.WithDbAsync(db => db.AuditLog.Select(a => a.Action).ToListAsync());
        Assert.Contains("undo", audit);
    }

    [Fact]
    public async Task History_CountsAndListsOneCommenterByEmailOrAddress()
    {
        var (factory, _) = await ModerationTests.WithArticleAsync();
        await using var __ = factory;
        await ModerationTests.PostCommentAsync(factory, "نخستین از نشانی", email: "", ip: "5.160.0.9");
        await ModerationTests.PostCommentAsync(factory, "دومین با ایمیل از جای دیگر", email: "same@example.com", ip: "5.160.0.10");
        await ModerationTests.PostCommentAsync(factory, "سومین با هر دو", email: "same@example.com", ip: "5.160.0.9");
        var moderator = await Staff.CookieClientAsync(factory, Roles.Moderator);
        var desk = await moderator.GetStringAsync("/newsroom/moderation");
        var link = System.Text.RegularExpressions.Regex.Match(desk, "href=\"(/newsroom/moderation\\?status=all&amp;email=[^\"]+)\"[^>]*>۲ نظر پیشین").Groups[1].Value;
        Assert.NotEmpty(link);
        var history = await moderator.GetStringAsync(System.Net.WebUtility.HtmlDecode(link));
        Assert.Contains("نخستین از نشانی", history);
        Assert.Contains("دومین با ایمیل از جای دیگر", history);
        Assert.Contains("سومین با هر دو", history);
        Assert.DoesNotContain("نظری در این فهرست نیست", history);
    }

    [Fact]
    public async Task StaffReply_OnTheDesk_NamesWhoItAnswers_AndOffersNoBlock()
    {
        var (factory, _) = await ModerationTests.WithArticleAsync();
        await using var __ = factory;
        var id = await ModerationTests.PostCommentAsync(factory, "پرسش خواننده دربارهٔ طرح");
        var moderator = await Staff.CookieClientAsync(factory, Roles.Moderator);
        var desk = await moderator.GetStringAsync("/newsroom/moderation");
        await moderator.PostAsync($"/newsroom/moderation?handler=Reply&id={id}", Http.Form(("text", "پاسخ تحریریه به پرسش"), ("__RequestVerificationToken", Staff.Antiforgery(desk))));
        var published = await moderator.GetStringAsync("/newsroom/moderation?status=published");
        var card = published[published.IndexOf("پاسخ تحریریه به پرسش", StringComparison.Ordinal)..];
        var start = published.LastIndexOf("<article class=\"queue-item", published.IndexOf("پاسخ تحریریه به پرسش", StringComparison.Ordinal), StringComparison.Ordinal);
        card = published[start..published.IndexOf("</article>", start, StringComparison.Ordinal)];
        Assert.Contains("در پاسخ به <bdi>خواننده</bdi>: «<span dir=\"auto\">پرسش خواننده دربارهٔ طرح</span>»", card);
        Assert.DoesNotContain($"در پاسخ به نظر", card);
        Assert.DoesNotContain("مسدودسازی", card);
        Assert.DoesNotContain("نامعلوم", card);
        Assert.Contains("staff-badge", card);
    }
}
