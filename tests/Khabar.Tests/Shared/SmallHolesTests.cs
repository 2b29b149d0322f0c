using System.Net;
using Khabar.Storage;
using Khabar.Tests.Newsroom;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Tests.Shared;

/// <summary>The smaller holes of issue 18: keys at rest, import image addresses, what a reporter may read.</summary>
public sealed class SmallHolesTests
{
    private static async Task<string> SignInCookieAsync(KhabarFactory factory, string email)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync("/newsroom/login");
        var antiforgery = page.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        var request = new HttpRequestMessage(HttpMethod.Post, "/newsroom/login")
        {
            Content = Http.Form(("email", email), ("password", Staff.Password), ("returnUrl", "/newsroom"),
                ("__RequestVerificationToken", Staff.Antiforgery(await page.Content.ReadAsStringAsync()))),
        };
        request.Headers.Add("Cookie", antiforgery);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    private static async Task<HttpStatusCode> DashboardWithAsync(KhabarFactory factory, string cookie)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/newsroom");
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task DataProtectionKeys_AreEncryptedAtRest_SoABackupOfTheDatabaseAloneForgesNothing()
    {
        var root = Directory.CreateTempSubdirectory("khabar-keys-").FullName;
        KhabarFactory Site(string folder) => new(new() { ["ConnectionStrings:Khabar"] = $"Data Source={Path.Combine(root, folder, "site.db")}" });
        try
        {
            string cookie;
            await using (var original = Site("live"))
            {
                var email = await Staff.CreateAsync(original, Roles.Editor);
                cookie = await SignInCookieAsync(original, email);
                Assert.Equal(HttpStatusCode.OK, await DashboardWithAsync(original, cookie));
                var keys = await original.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
                Assert.NotEmpty(keys);
                Assert.All(keys, xml =>
                {
                    Assert.Contains("SecretXmlDecryptor", xml);
                    Assert.DoesNotContain("<masterKey p4:requiresEncryption", xml);
                });
            }

            SqliteConnection.ClearAllPools();
            Directory.CreateDirectory(Path.Combine(root, "backup"));
            foreach (var file in Directory.GetFiles(Path.Combine(root, "live"), "site.db*"))
            {
                File.Copy(file, Path.Combine(root, "backup", Path.GetFileName(file)));
            }

            // The database alone, on another machine: the old cookie opens nothing.
            await using (var stolen = Site("backup"))
            {
                Assert.Equal(HttpStatusCode.Redirect, await DashboardWithAsync(stolen, cookie));
            }

            SqliteConnection.ClearAllPools();
            // With the secret beside it (a full restore), the same cookie works: the test above is not vacuous.
            File.Delete(Path.Combine(root, "backup", Khabar.Features.Newsroom.KeyRingSecret.FileName));
            File.Copy(Path.Combine(root, "live", Khabar.Features.Newsroom.KeyRingSecret.FileName), Path.Combine(root, "backup", Khabar.Features.Newsroom.KeyRingSecret.FileName));
            await using (var restored = Site("backup"))
            {
                Assert.Equal(HttpStatusCode.OK, await DashboardWithAsync(restored, cookie));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("//evil.example/x.jpg", false)]
    [InlineData("data:image/svg+xml,<svg onload=alert(1)>", false)]
    [InlineData("ftp://files.example/x.jpg", false)]
    [InlineData("/img/demo/politics-1.svg", true)]
    [InlineData("https://cdn.example/photo.jpg", true)]
    public async Task Import_TakesOnlyHttpOrSiteImageAddresses(string image, bool accepted)
    {
        await using var factory = new KhabarFactory();
        var report = await factory.ImportAsync($$"""{"code":5,"service":"سیاسی","title":"خبر با تصویر","body":"متن","image":{{System.Text.Json.JsonSerializer.Serialize(image)}},"published_at":"2024-01-01T10:00:00Z"}""");
        Assert.Equal(accepted, report.Errors.Count == 0);
        Assert.Equal(accepted ? 1 : 0, await factory.WithDbAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task Reporter_ReadsAnotherReportersDraftAndHistory_ButCannotEditOrRestoreIt()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.Article(1, "خبر پیشین", "سیاسی", "2024-01-01T10:00:00Z"));
        var author = await Staff.CookieClientAsync(factory, Roles.Reporter);
        var page = await author.GetStringAsync("/newsroom/articles/edit");
        var service = System.Text.RegularExpressions.Regex.Match(page, "<option value=\"(\\d+)\"").Groups[1].Value;
        var saved = await author.PostAsync("/newsroom/articles/edit", Http.Form(
            ("__RequestVerificationToken", Staff.Antiforgery(page)), ("action", "save"), ("Version", "0"), ("Title", "پیش‌نویس همکار"), ("ServiceId", service)));
        var code = saved.Headers.Location!.OriginalString.Split('/')[^1];

        var colleague = await Staff.CookieClientAsync(factory, Roles.Reporter);
        Assert.Contains("پیش‌نویس همکار", await colleague.GetStringAsync("/newsroom/articles"));
        Assert.Contains("پیش‌نویس همکار", await colleague.GetStringAsync($"/newsroom/articles/{code}/preview"));
        var history = await colleague.GetStringAsync($"/newsroom/articles/{code}/revisions");
        Assert.DoesNotContain("بازگردانی", history);
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.GetAsync($"/newsroom/articles/edit/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.GetAsync($"/newsroom/articles/edit/{code}?revision=1")).StatusCode);
        Assert.Contains("بازگردانی", await author.GetStringAsync($"/newsroom/articles/{code}/revisions"));
    }
}
