using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Khabar.Features.Comments;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Khabar.Tests.Shared;

/// <summary>
/// Every hostile string (blns + the Persian list) in every field of the comment API and form, the search box and
/// the import. Per input: a Persian 400 that names the field, or accepted — stored exactly as the rules normalize
/// it (never cut short) and rendered as inert text. Never a 5xx, never markup from input in the page.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly string[] Fields = ["name", "email", "text"];

    private static KhabarFactory Factory() => new(new Dictionary<string, string?>
    {
        ["Khabar:Comments:PerIpPerMinute"] = "1000000",
        ["Khabar:SearchPerIpPerMinute"] = "0", // the whole corpus comes from one address; the limit has its own test
        ["Khabar:OutputCache:Enabled"] = "false",
    });

    private static bool HasPersianLetters(string s) => s.Any(c => c is >= '\u0621' and <= '\u06CC');

    [Fact]
    public async Task CommentApi_EveryHostileStringInEveryField_IsAPersian400NamingTheField_OrStoredExactlyAndRenderedInert()
    {
        await using var factory = Factory();
        var corpus = HostileCorpus.All();
        var client = factory.Client();
        var statuses = new Dictionary<int, int>();
        var sent = 0; // the other fields' text differs every time: the same text twice is refused as a duplicate
        var accepted = new List<(long Id, string Field, string Expected)>();
        for (var f = 0; f < Fields.Length; f++)
        {
            await factory.ImportAsync(Samples.Article(8100 + f, $"خبر آزمون ورودی‌های خطرناک {f + 1}"));
        }

        for (var f = 0; f < Fields.Length; f++)
        {
            var field = Fields[f];
            foreach (var s in corpus)
            {
                var input = new Dictionary<string, string> { ["name"] = "خواننده", ["email"] = "", ["text"] = $"نظر آزمایشی {++sent}" };
                input[field] = s;
                using var content = new StringContent(JsonSerializer.Serialize(input), Encoding.UTF8, "application/json");
                var response = await client.PostAsync($"/api/v1/articles/{8100 + f}/comments", content);
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(status is 202 or 400, $"{field} = {Show(s)}: {status} {body}");
                using var json = JsonDocument.Parse(body);
                if (status == 400)
                {
                    var title = json.RootElement.GetProperty("title").GetString()!;
                    Assert.True(HasPersianLetters(title), title);
                    if (json.RootElement.TryGetProperty("errors", out var errors))
                    {
                        var message = errors.GetProperty(field)[0].GetString()!;
                        Assert.True(HasPersianLetters(message), $"{field}: {message}");
                    }

                    continue;
                }

                // What the server was sent: JSON carries half a surrogate pair as an escape, read back as U+FFFD.
                var onWire = input.ToDictionary(i => i.Key, i => Wire(i.Value));
                var draft = CommentRules.Validate(new CommentInput(onWire["name"], onWire["email"], onWire["text"], null), []);
                Assert.NotNull(draft);
                accepted.Add((json.RootElement.GetProperty("id").GetInt64(), field, field switch
                {
                    "name" => draft.Name,
                    "email" => draft.Email,
                    _ => draft.Text,
                }));
            }
        }

        // Stored exactly as the rules normalize it: nothing cut short on the way to the database.
        var ids = accepted.Select(a => a.Id).ToList();
        var stored = await factory.WithDbAsync(db => db.Comments.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id));
        Assert.Equal(accepted.Count, stored.Count);
        foreach (var (id, field, expected) in accepted)
        {
            var row = stored[id];
            var actual = field switch { "name" => row.Name, "email" => row.Email, _ => row.Text };
            Assert.Equal(expected, actual);
        }

        // Published, every one of them is rendered as text: same text back, no element or attribute from input.
        await factory.WithDbAsync(db => db.Comments.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommentStatus.Published)));
        factory.Services.GetRequiredService<SiteDataCache>().Invalidate();
        var parser = new HtmlParser();
        for (var f = 0; f < Fields.Length; f++)
        {
            var url = (await client.GetAsync($"/x/{8100 + f}")).Headers.Location!.OriginalString;
            using var page = parser.ParseDocument(await client.HtmlAsync(url));
            Inert.Assert(page);
            var shown = page.QuerySelectorAll(".comment").ToDictionary(e => long.Parse(e.GetAttribute("data-id")!, System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (id, field, expected) in accepted.Where(a => a.Field == Fields[f]))
            {
                var comment = shown[id];
                if (field == "name")
                {
                    Assert.Equal(expected, comment.QuerySelector("bdi.name")!.TextContent);
                }
                else if (field == "text")
                {
                    Assert.Equal(expected, comment.QuerySelector(".comment-text")!.TextContent);
                }
            }
        }

        Report.Add("comment API (JSON)", corpus.Count * Fields.Length, statuses);
    }

    [Fact]
    public async Task CommentForm_EveryHostileStringInEveryField_IsAPersianFieldErrorOrAccepted_AndTheFormStaysInert()
    {
        await using var factory = Factory();
        var corpus = HostileCorpus.All();
        var client = factory.Client();
        await factory.ImportAsync(Samples.Article(8200, "خبر آزمون فرم نظر"));
        var statuses = new Dictionary<int, int>();
        var sent = 0;
        var parser = new HtmlParser();
        foreach (var field in Fields)
        {
            foreach (var s in corpus)
            {
                var input = new Dictionary<string, string> { ["name"] = "خواننده", ["email"] = "", ["text"] = $"نظر آزمایشی {++sent}" };
                input[field] = s;
                var response = await client.PostAsync("/news/8200/comments", new FormUrlEncodedContent(input));
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                Assert.True(status is 303 or 400, $"{field} = {Show(s)}: {status} {await response.Content.ReadAsStringAsync()}");
                if (status == 303)
                {
                    continue;
                }

                using var page = parser.ParseDocument(await response.Content.ReadAsStringAsync());
                Inert.Assert(page);
                // The field's own message; or, when the form reader refuses the whole body (it takes no NUL), one
                // message for the form, as no field can be read to be named.
                var error = page.QuerySelector($"#{field}-error")!.TextContent;
                var formError = page.QuerySelector(".comment-form-block .notice.error")?.TextContent ?? "";
                Assert.True(HasPersianLetters(error) || formError == BodyRefusal.Unreadable, $"{field} = {Show(s)}: no Persian message for the field");
                // What the reader typed comes back in the form, as a value, not as markup (the HTML parser turns
                // control characters and unpaired surrogates into others, so those are only checked for inertness).
                var control = page.QuerySelector($"[name={field}]")!;
                var echoed = control.LocalName == "textarea" ? control.TextContent : control.GetAttribute("value") ?? "";
                if (!s.Any(c => char.IsControl(c) && c is not '\n' and not '\t' || char.IsSurrogate(c) || c is '\uFFFD' or '\uFFFE' or '\uFFFF'))
                {
                    var typed = s.Replace("\r\n", "\n", StringComparison.Ordinal);
                    Assert.Equal(control.LocalName == "textarea" && typed.StartsWith('\n') ? typed[1..] : typed, echoed);
                }
            }
        }

        Report.Add("comment form (HTML)", corpus.Count * Fields.Length, statuses);
    }

    [Fact]
    public async Task SearchBoxAndSearchApi_EveryHostileString_AnswersWithoutErrorAndEchoesItAsText()
    {
        await using var factory = Factory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var corpus = HostileCorpus.All();
        var client = factory.Client();
        var statuses = new Dictionary<int, int>();
        var parser = new HtmlParser();
        foreach (var s in corpus)
        {
            var q = Uri.EscapeDataString(s.Length > 4000 ? s[..4000] : s);
            var html = await client.GetAsync("/search?q=" + q);
            var api = await client.GetAsync("/api/v1/search?q=" + q);
            foreach (var r in new[] { html, api })
            {
                var status = (int)r.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                Assert.True(status is 200 or 400, $"{r.RequestMessage!.RequestUri!.AbsolutePath} q = {Show(s)}: {status}");
            }

            using var page = parser.ParseDocument(await html.Content.ReadAsStringAsync());
            Inert.Assert(page);
            if (html.StatusCode == HttpStatusCode.OK)
            {
                // Echoed as text: the search box holds exactly what was sent, not markup. (Control characters are
                // left out of the comparison: HTML itself rewrites them — CR, NUL, and C1 codes as Windows-1252.)
                var box = page.QuerySelector("#s-q")?.GetAttribute("value");
                Assert.NotNull(box);
                if (!s.Any(char.IsControl))
                {
                    Assert.Equal(AsHtmlCarriesIt(s.Length > 4000 ? s[..4000] : s), AsHtmlCarriesIt(box));
                }
            }
        }

        Report.Add("search page and search API", corpus.Count * 2, statuses);
    }


    [Fact]
    public async Task Import_EveryHostileStringInEveryField_IsRefusedWithItsLineOrImportedAndRenderedInert()
    {
        await using var factory = Factory();
        var corpus = HostileCorpus.All();
        var client = factory.Client();
        var parser = new HtmlParser();
        var outcomes = new Dictionary<int, int>();
        var code = 8300L;
        foreach (var s in corpus)
        {
            code++;
            var line = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["code"] = code, ["service"] = "فرهنگی", ["title"] = s, ["rotitr"] = s, ["lead"] = s, ["body"] = s,
                ["tags"] = new[] { s }, ["source"] = s, ["published_at"] = "2024-03-01T08:00:00Z",
                ["comments"] = new[] { new Dictionary<string, string> { ["name"] = s, ["email"] = "", ["text"] = s, ["ip"] = "5.160.0.1", ["created_at"] = "2024-03-01T09:00:00Z", ["status"] = "published" } },
            });
            var report = await factory.ImportAsync(line);
            if (report.Errors.Count > 0)
            {
                outcomes[400] = outcomes.GetValueOrDefault(400) + 1;
                Assert.True(report.Errors.All(e => e.Line == 1), $"{Show(s)}: {string.Join("; ", report.Errors)}");
                Assert.Equal(0, await factory.WithDbAsync(db => db.Articles.CountAsync(a => a.Code == code)));
                continue;
            }

            outcomes[200] = outcomes.GetValueOrDefault(200) + 1;
            var redirect = await client.GetAsync($"/x/{code}");
            Assert.True(redirect.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently, $"/x/{code}: {redirect.StatusCode}");
            var response = await client.GetAsync(redirect.Headers.Location!.OriginalString);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"title = {Show(s)}: {response.StatusCode}");
            using var page = parser.ParseDocument(await response.Content.ReadAsStringAsync());
            Inert.Assert(page);
        }

        Report.Add("import (every article and comment field; 400 = refused with its line)", corpus.Count, outcomes);
    }

    private static string Wire(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(s[i]).Append(s[++i]);
            }
            else
            {
                sb.Append(char.IsSurrogate(s[i]) ? '\uFFFD' : s[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>A string as an HTML attribute brings it back, for comparing: the wire's repairs (<see cref="Wire"/>), trimmed as the search trims.</summary>
    private static string AsHtmlCarriesIt(string s) => Wire(s).Trim();

    public static string Show(string s)
    {
        var head = s.Length > 40 ? s[..40] + $"… ({s.Length} chars)" : s;
        return string.Concat(head.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c is >= '\u200B' and <= '\u206F' ? $"\\u{(int)c:X4}" : c.ToString()));
    }
}
