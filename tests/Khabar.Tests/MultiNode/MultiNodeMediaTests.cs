using System.Globalization;
using System.Net;
using Khabar.Tests.Newsroom;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Khabar.Tests.MultiNode;

/// <summary>Uploaded media live in the folder every node shares (Khabar:Media:Path): saved by one node, served by all.</summary>
[Collection(nameof(MultiNodeTests))]
public sealed class MultiNodeMediaTests
{
    [Fact]
    public async Task AnImageUploadedOnNodeA_IsServedByNodeB_AndThroughNginx()
    {
        await using var site = await MultiNodeSite.StartAsync();
        await site.ImportAsync(Samples.ReferenceArticle());
        var created = await site.A.RunAsync("admin", "create", "--email", "photo@newsroom.test", "--password", Staff.Password, "--role", "editor");
        Assert.True(created.Exit == 0, created.Err);
        var jar = new CookieContainer();
        using var a = site.A.Client(jar);
        Assert.Equal(HttpStatusCode.Redirect, (await Staff.LoginAsync(a, "photo@newsroom.test")).StatusCode);
        var page = await a.GetStringAsync("/newsroom/articles/edit");
        var service = await site.A.ScalarAsync("SELECT min(\"Id\") FROM \"Services\"");

        using var image = new Image<Rgba32>(1600, 1200, new Rgba32(200, 120, 40));
        using var png = new MemoryStream();
        await image.SaveAsPngAsync(png);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Staff.Antiforgery(page)), "__RequestVerificationToken" },
            { new StringContent("save"), "action" },
            { new StringContent("0"), "Version" },
            { new StringContent("خبر با تصویری که گرهٔ دیگر نشان می‌دهد"), "Title" },
            { new StringContent(service.ToString(CultureInfo.InvariantCulture)), "ServiceId" },
            { new ByteArrayContent(png.ToArray()), "image", "photo.png" },
        };
        var saved = await a.PostAsync("/newsroom/articles/edit", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var code = EditorTests.CodeFrom(saved);
        var url = (await site.A.RowsAsync($"SELECT \"Code\", \"ImageUrl\" FROM \"Articles\" WHERE \"Code\" = {code}"))[code];
        Assert.StartsWith("/media/", url);

        using var b = site.B.Client();
        using var front = site.Front.Client();
        foreach (var client in new[] { b, front })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var info = Image.Identify(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal((960, 540), (info.Width, info.Height));
        }
    }
}

/// <summary>Work that must happen once for the site, not once per node.</summary>
[Collection(nameof(MultiNodeTests))]
public sealed class MultiNodeOnceTests
{
    [Fact]
    public async Task AScheduledArticle_IsPublishedAndAuditedOnce_ThoughBothNodesLookEverySecond()
    {
        await using var site = await MultiNodeSite.StartAsync();
        await site.ImportAsync(Samples.ReferenceArticle(), Samples.Article(7201, "خبر زمان‌بندی‌شده‌ای که یک بار منتشر می‌شود"));
        for (var round = 0; round < 5; round++)
        {
            // Due now, for both nodes' next look (each looks once a second): whichever claims it publishes it.
            await site.A.ScalarAsync($"WITH due AS (UPDATE \"Articles\" SET \"Status\" = 2, \"PublishedAt\" = now() WHERE \"Code\" = 7201 RETURNING 1) SELECT count(*) FROM due");
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (await site.A.ScalarAsync("SELECT \"Status\" FROM \"Articles\" WHERE \"Code\" = 7201") != 3)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the scheduled article was not published within 10 s");
                await Task.Delay(100);
            }

            await Task.Delay(1500); // the other node's next look
            Assert.Equal(round + 1, await site.A.ScalarAsync("SELECT count(*) FROM \"AuditLog\" WHERE \"Action\" = 'publish' AND \"Target\" LIKE '%7201%'"));
        }
    }
}
