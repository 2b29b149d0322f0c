using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace Khabar.Tests.Shared;

/// <summary>
/// Hostile bytes below the fields, against the real Kestrel server: bodies that are not UTF-8 (invalid and overlong
/// sequences), escapes of such bytes in paths and queries, oversized bodies and wrong content types. Each gets a
/// 4xx — with a Persian message where the app answers — and nothing is stored; never a 5xx.
/// </summary>
public sealed class HttpLevelTests
{
    private static bool HasPersianLetters(string s) => s.Any(c => c is >= '\u0621' and <= '\u06CC');

    private static async Task<(int Status, string Body)> RawAsync(Uri server, string head, byte[] body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        var request = Encoding.Latin1.GetBytes(head.Replace("\n", "\r\n", StringComparison.Ordinal) + $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        // Written while the answer is read: a server refusing a large body answers before it has all of it.
        var writing = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(request);
                await stream.WriteAsync(body);
            }
            catch (IOException)
            {
            }
        });
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        await writing;
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = split < 0 ? response : response[..split];
        var content = split < 0 ? "" : response[(split + 4)..];
        if (headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            var sb = new StringBuilder();
            var at = 0;
            while (at < content.Length)
            {
                var end = content.IndexOf("\r\n", at, StringComparison.Ordinal);
                var size = Convert.ToInt32(content[at..end], 16);
                if (size == 0)
                {
                    break;
                }

                // Sizes count bytes; the text was decoded as UTF-8, so take that many bytes' worth of characters.
                var chunk = new StringBuilder();
                var taken = 0;
                var i = end + 2;
                while (taken < size)
                {
                    var rune = System.Text.Rune.GetRuneAt(content, i);
                    chunk.Append(rune.ToString());
                    taken += rune.Utf8SequenceLength;
                    i += rune.Utf16SequenceLength;
                }

                sb.Append(chunk);
                at = i + 2;
            }

            content = sb.ToString();
        }

        return (status, content);
    }

    [Fact]
    public async Task BytesThatAreNotUtf8_OversizedBodies_AndWrongContentTypes_GetA4xxAndStoreNothing()
    {
        await using var factory = new KhabarFactory(new Dictionary<string, string?> { ["Khabar:Comments:PerIpPerMinute"] = "1000000" });
        factory.UseKestrel(0);
        factory.StartServer();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var server = factory.ClientOptions.BaseAddress;
        var api = $"/api/v1/articles/{Samples.Code}/comments";
        var form = $"/news/{Samples.Code}/comments";
        byte[] Json(string prefix, byte[] bad, string suffix) => [.. Encoding.UTF8.GetBytes(prefix), .. bad, .. Encoding.UTF8.GetBytes(suffix)];
        var invalid = new byte[][]
        {
            [0xFF, 0xFE], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xC3], [0x80, 0x80],
            [0xF8, 0x88, 0x80, 0x80, 0x80], [0xD8, 0xB3, 0xFF, 0xD8, 0xA7],
        };
        var cases = new List<(string Name, string Head, byte[] Body, int[] Allowed)>();
        foreach (var bad in invalid)
        {
            var hex = Convert.ToHexString(bad);
            cases.Add(($"JSON with bytes {hex} in text", $"POST {api} HTTP/1.1\nHost: x\nContent-Type: application/json\n",
                Json("{\"name\":\"خواننده\",\"text\":\"", bad, "\"}"), [400]));
            cases.Add(($"JSON with bytes {hex} in name", $"POST {api} HTTP/1.1\nHost: x\nContent-Type: application/json; charset=utf-8\n",
                Json("{\"name\":\"", bad, "\",\"text\":\"نظر\"}"), [400]));
            cases.Add(($"form with raw bytes {hex}", $"POST {form} HTTP/1.1\nHost: x\nContent-Type: application/x-www-form-urlencoded\n",
                Json("name=", bad, "&text=%D9%86%D8%B8%D8%B1"), [303, 400]));
            var escaped = string.Concat(bad.Select(b => $"%{b:X2}"));
            cases.Add(($"form with escaped bytes {hex}", $"POST {form} HTTP/1.1\nHost: x\nContent-Type: application/x-www-form-urlencoded\n",
                Encoding.ASCII.GetBytes($"name={escaped}&text=%D9%86%D8%B8%D8%B1"), [303, 400]));
            cases.Add(($"search query {hex}", $"GET /search?q={escaped} HTTP/1.1\nHost: x\n", [], [200, 400]));
            cases.Add(($"API search query {hex}", $"GET /api/v1/search?q={escaped} HTTP/1.1\nHost: x\n", [], [200, 400]));
            cases.Add(($"path {hex}", $"GET /news/{Samples.Code}/{escaped} HTTP/1.1\nHost: x\n", [], [301, 400, 404]));
            cases.Add(($"tag path {hex}", $"GET /tag/{escaped} HTTP/1.1\nHost: x\n", [], [400, 404]));
            cases.Add(($"raw bytes {hex} in the path", $"GET /tag/{Encoding.Latin1.GetString(bad)} HTTP/1.1\nHost: x\n", [], [400, 404]));
        }

        var big = new string('ب', 1_000_000);
        cases.Add(("JSON body of 2 MB", $"POST {api} HTTP/1.1\nHost: x\nContent-Type: application/json\n", Encoding.UTF8.GetBytes($"{{\"name\":\"خواننده\",\"text\":\"{big}\"}}"), [413]));
        cases.Add(("form body of 3 MB", $"POST {form} HTTP/1.1\nHost: x\nContent-Type: application/x-www-form-urlencoded\n", Encoding.ASCII.GetBytes("name=a&text=" + Uri.EscapeDataString(big[..500_000])), [413]));
        cases.Add(("text field of 50,000 letters (JSON)", $"POST {api} HTTP/1.1\nHost: x\nContent-Type: application/json\n", Encoding.UTF8.GetBytes($"{{\"name\":\"خواننده\",\"text\":\"{big[..50_000]}\"}}"), [400]));
        cases.Add(("text/plain to the API", $"POST {api} HTTP/1.1\nHost: x\nContent-Type: text/plain\n", Encoding.UTF8.GetBytes("نظر"), [415]));
        cases.Add(("XML to the API", $"POST {api} HTTP/1.1\nHost: x\nContent-Type: application/xml\n", Encoding.UTF8.GetBytes("<c><text>نظر</text></c>"), [415]));
        cases.Add(("form to the API", $"POST {api} HTTP/1.1\nHost: x\nContent-Type: application/x-www-form-urlencoded\n", Encoding.UTF8.GetBytes("name=a&text=b"), [415]));
        cases.Add(("multipart to the API", $"POST {api} HTTP/1.1\nHost: x\nContent-Type: multipart/form-data; boundary=zz\n", Encoding.UTF8.GetBytes("--zz\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nنظر\r\n--zz--\r\n"), [415]));
        cases.Add(("no content type to the API", $"POST {api} HTTP/1.1\nHost: x\n", Encoding.UTF8.GetBytes("{\"name\":\"a\",\"text\":\"b\"}"), [415]));
        cases.Add(("JSON array to the API", $"POST {api} HTTP/1.1\nHost: x\nContent-Type: application/json\n", Encoding.UTF8.GetBytes("[1,2,3]"), [400]));
        cases.Add(("JSON nested 10,000 deep", $"POST {api} HTTP/1.1\nHost: x\nContent-Type: application/json\n", Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)), [400]));
        cases.Add(("JSON with wrong types", $"POST {api} HTTP/1.1\nHost: x\nContent-Type: application/json\n", Encoding.UTF8.GetBytes("{\"name\":{\"x\":1},\"text\":[1],\"parent_id\":\"abc\"}"), [400]));
        cases.Add(("JSON to the form", $"POST {form} HTTP/1.1\nHost: x\nContent-Type: application/json\n", Encoding.UTF8.GetBytes("{\"name\":\"a\",\"text\":\"b\"}"), [400]));
        cases.Add(("multipart to the form", $"POST {form} HTTP/1.1\nHost: x\nContent-Type: multipart/form-data; boundary=zz\n", Encoding.UTF8.GetBytes("--zz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n\u0000\r\n--zz--\r\n"), [303, 400]));

        var before = await factory.WithDbAsync(db => Task.FromResult(db.Comments.Count()));
        var accepted = 0;
        var statuses = new Dictionary<int, int>();
        foreach (var (name, head, body, allowed) in cases)
        {
            var (status, text) = await RawAsync(server, head, body);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(allowed.Contains(status), $"{name}: {status} {text[..Math.Min(300, text.Length)]}");
            accepted += status == 303 ? 1 : 0;
            if (status is 400 or 413 or 415 && head.StartsWith("POST /api/", StringComparison.Ordinal))
            {
                Assert.True(text.StartsWith('{'), $"{name}: {status} {text[..Math.Min(300, text.Length)]}");
                using var json = JsonDocument.Parse(text);
                Assert.True(HasPersianLetters(json.RootElement.GetProperty("title").GetString()!), $"{name}: {text}");
            }
            else if (status is 400 or 413 && text.Length > 0 && !head.StartsWith("GET", StringComparison.Ordinal))
            {
                Assert.True(HasPersianLetters(text), $"{name}: no Persian in the answer");
            }
        }

        // Only the form posts the server could read as a valid comment were kept (their bytes became U+FFFD).
        Assert.Equal(before + accepted, await factory.WithDbAsync(db => Task.FromResult(db.Comments.Count())));
        Report.Add("HTTP level (bytes that are not UTF-8, overlong encodings, oversized bodies, wrong content types)", cases.Count, statuses);
    }

    [Fact]
    public async Task PublicPages_SendAStrictContentSecurityPolicy_AndCarryNoInlineStyle()
    {
        await using var factory = new KhabarFactory(new Dictionary<string, string?> { ["Khabar:OutputCache:Enabled"] = "false" });
        await factory.ImportAsync(Samples.ReferenceArticle());
        var client = factory.Client();
        var article = (await client.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        var parser = new HtmlParser();
        foreach (var url in new[] { "/", article, "/service/politics", "/search?q=" + Uri.EscapeDataString("شورا"), "/no/such/page" })
        {
            var response = await client.GetAsync(url);
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.DoesNotContain("unsafe-inline", policy);
            Assert.Contains("script-src 'self'", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            using var page = parser.ParseDocument(await response.Content.ReadAsStringAsync());
            Inert.Assert(page);
            Assert.DoesNotContain(page.All, e => e.HasAttribute("style"));
            var services = page.QuerySelector("link[href^='/css/services.css?v=']")!.GetAttribute("href")!;
            var css = await client.GetAsync(services);
            Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
            Assert.Contains(".svc-", await css.Content.ReadAsStringAsync());
        }

        // Service colours come as classes from that stylesheet, the article's among them.
        var html = await client.GetStringAsync(article);
        Assert.Matches("<article class=\"article svc-\\d+\">", html);
    }
}
