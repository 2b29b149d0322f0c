using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Khabar.Tests.Newsroom;


namespace Khabar.Tests.Comments;

/// <summary>
/// kill -9 in the middle of a flood: every comment answered 202 and every article whose publish was answered is
/// in the database after the crash, the database passes PRAGMA integrity_check (on PostgreSQL: the killed process holds
/// no lock any more), and the site starts again on it. On the suite's PostgreSQL run, on PostgreSQL.
/// </summary>
[Collection(Alone.Name)]
public sealed partial class CrashTests
{
    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    private static string Checked(KhabarProcess site) =>
        site.IsPostgres ? "PostgreSQL: no lock of the killed process left behind" : "`PRAGMA integrity_check`: ok";

    [Fact]
    public async Task CommentFlood_KilledWithSigkill_LosesNoAcknowledgedComment()
    {
        await using var site = await KhabarProcess.WithArticleAsync(followTestDatabase: true);
        await site.StartAsync();
        var acknowledged = new ConcurrentDictionary<long, string>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 32).Select(w => Task.Run(async () =>
        {
            using var client = site.Client();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var text = $"نظر {Persian.Digits.ToPersian($"{w}-{n}")} پیش از خاموشی ناگهانی"; // as stored: Persian digits
                try
                {
                    var response = await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = $"خواننده {w}", text });
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        acknowledged[json.RootElement.GetProperty("id").GetInt64()] = text;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    return; // the server is gone
                }
            }
        })).ToList();

        await KhabarProcess.UntilAsync(() => acknowledged.Count >= 300, TimeSpan.FromSeconds(90), "300 comments acknowledged before the kill");

        site.Kill(); // while all 32 clients are still sending
        var atKill = acknowledged.Count;
        await stop.CancelAsync();
        await KhabarProcess.WithinAsync(workers, TimeSpan.FromSeconds(60), "the clients stopping after the kill");

        Assert.Equal("ok", await site.AfterKillCheckAsync());
        var stored = await site.RowsAsync("SELECT \"Id\", \"Text\" FROM \"Comments\"");

        var lost = acknowledged.Where(a => !stored.TryGetValue(a.Key, out var text) || text != a.Value).ToList();
        Assert.Empty(lost);

        await site.StartAsync(); // the site comes back on the crashed file
        using var after = site.Client();
        Assert.Equal(HttpStatusCode.Accepted, (await after.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = "خواننده", text = "نظر پس از بازگشت" })).StatusCode);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await after.GetAsync($"/x/{Samples.Code}")).StatusCode);
        await site.StopAsync();
        Report.Line("crash", string.Create(CultureInfo.InvariantCulture,
            $"- Comment flood (32 clients, kill -9 after {atKill} answers): {acknowledged.Count} comments answered 202, {acknowledged.Count - lost.Count} of them in the database after the crash, **{lost.Count} lost**; {Checked(site)}; the site started again on the same database."));
    }

    [Fact]
    public async Task PublishFlood_KilledWithSigkill_LosesNoAcknowledgedArticle()
    {
        await using var site = await KhabarProcess.WithArticleAsync(followTestDatabase: true);
        const string email = "editor@newsroom.test";
        var (exit, _, err) = await site.RunAsync("admin", "create", "--email", email, "--password", Staff.Password, "--role", "editor");
        Assert.True(exit == 0, err);
        var serviceId = await site.ScalarAsync("SELECT \"Id\" FROM \"Services\" ORDER BY \"Id\" LIMIT 1");

        await site.StartAsync();
        var acknowledged = new ConcurrentDictionary<long, string>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            using var editor = site.Client(new CookieContainer());
            Assert.Equal(HttpStatusCode.Redirect, (await Staff.LoginAsync(editor, email)).StatusCode);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var title = $"خبر فوری {Persian.Digits.ToPersian($"{w}-{n}")} پیش از خاموشی";
                try
                {
                    var form = await editor.GetStringAsync("/newsroom/articles/edit");
                    var response = await editor.PostAsync("/newsroom/articles/edit", Http.Form(
                        ("__RequestVerificationToken", Staff.Antiforgery(form)), ("action", "publish"), ("Version", VersionField().Match(form).Groups[1].Value),
                        ("Title", title), ("Rotitr", "روتیتر"), ("Lead", "لید خبر فوری"), ("Body", "<p>متن خبر فوری</p>"),
                        ("ServiceId", serviceId.ToString(CultureInfo.InvariantCulture)), ("Tags", "فوری")));
                    if (response.StatusCode == HttpStatusCode.Redirect)
                    {
                        acknowledged[long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture)] = title;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    return;
                }
            }
        })).ToList();

        await KhabarProcess.UntilAsync(() => acknowledged.Count >= 20, TimeSpan.FromSeconds(90), "20 publishes acknowledged before the kill");

        site.Kill();
        await stop.CancelAsync();
        await KhabarProcess.WithinAsync(workers, TimeSpan.FromSeconds(60), "the editors stopping after the kill");

        Assert.Equal("ok", await site.AfterKillCheckAsync());
        var published = await site.RowsAsync("SELECT \"Code\", \"Title\" FROM \"Articles\" WHERE \"Status\" = 3");

        var lost = acknowledged.Where(a => !published.TryGetValue(a.Key, out var title) || title != a.Value).ToList();
        Assert.Empty(lost);

        await site.StartAsync();
        using var reader2 = site.Client();
        foreach (var code in acknowledged.Keys.Take(5))
        {
            var redirect = await reader2.GetAsync($"/x/{code}");
            Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await reader2.GetAsync(redirect.Headers.Location!.OriginalString)).StatusCode);
        }

        await site.StopAsync();
        Report.Line("crash", string.Create(CultureInfo.InvariantCulture,
            $"- Publish flood (4 editors, kill -9): {acknowledged.Count} publishes answered, {acknowledged.Count - lost.Count} of them published in the database after the crash, **{lost.Count} lost**; {Checked(site)}; the articles are served after the restart."));
    }
}
