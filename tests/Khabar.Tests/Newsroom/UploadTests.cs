using System.Globalization;
using System.Net;
using Khabar.Features.Newsroom.Editor;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Khabar.Tests.Newsroom;

/// <summary>Lead image uploads against a hostile file or caller: pixel and frame limits, rights checked first, nothing left behind.</summary>
public sealed class UploadTests
{
    private static string MediaRoot(KhabarFactory factory) => factory.Services.GetRequiredService<MediaStore>().Root;

    private static int Files(KhabarFactory factory) =>
        Directory.Exists(MediaRoot(factory)) ? Directory.EnumerateFiles(MediaRoot(factory), "*", SearchOption.AllDirectories).Count() : 0;

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, long? code, byte[] file, string name, string title = "خبر با تصویر", string action = "save")
    {
        var url = code is null ? "/newsroom/articles/edit" : $"/newsroom/articles/edit/{code}";
        var page = await client.GetStringAsync("/newsroom/articles/edit");
        var service = System.Text.RegularExpressions.Regex.Match(page, "<option value=\"(\\d+)\"").Groups[1].Value;
        var form = new MultipartFormDataContent
        {
            { new StringContent(Staff.Antiforgery(page)), "__RequestVerificationToken" },
            { new StringContent(action), "action" },
            { new StringContent("0"), "Version" },
            { new StringContent(title), "Title" },
            { new StringContent(service), "ServiceId" },
            { new ByteArrayContent(file), "image", name },
        };
        return await client.PostAsync(url, form);
    }

    /// <summary>A PNG whose header claims the given size: a few bytes that would decode into gigabytes.</summary>
    private static byte[] PngClaiming(int width, int height)
    {
        using var small = new Image<Rgb24>(1, 1);
        using var stream = new MemoryStream();
        small.SaveAsPng(stream);
        var bytes = stream.ToArray();
        // IHDR data starts at 16 (8 signature + 4 length + 4 type); its CRC covers type and data (bytes 12..28).
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32(bytes.AsSpan(12, 17)));
        return bytes;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    [Fact]
    public async Task ImageOverFortyMegapixels_IsRefusedBeforeDecoding_AndNothingIsWritten()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.Article(1, "خبر پیشین", "سیاسی", "2024-01-01T10:00:00Z"));
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var response = await UploadAsync(editor, null, PngClaiming(9000, 9000), "bomb.png");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("روی هم حداکثر ۴۰ مگاپیکسل", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, Files(factory));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task AnimatedGif_IsStoredAsItsFirstFrame()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.Article(1, "خبر پیشین", "سیاسی", "2024-01-01T10:00:00Z"));
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        using var gif = new Image<Rgba32>(640, 360, new Rgba32(200, 30, 30));
        using (var second = new Image<Rgba32>(640, 360, new Rgba32(30, 30, 200)))
        {
            gif.Frames.AddFrame(second.Frames.RootFrame);
        }

        using var stream = new MemoryStream();
        await gif.SaveAsGifAsync(stream);
        var response = await UploadAsync(editor, null, stream.ToArray(), "moving.gif");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var url = await factory.WithDbAsync(db => db.Articles.Where(a => a.ImageUrl != null).Select(a => a.ImageUrl!).SingleAsync());
        using var stored = await Image.LoadAsync<Rgb24>(await factory.Client().GetStreamAsync(url));
        Assert.Equal(1, stored.Frames.Count);
        Assert.True(stored[10, 10].R > 150 && stored[10, 10].B < 100, "the first (red) frame");
    }

    [Fact]
    public async Task ReporterUploadingToAnotherArticle_IsRefusedBeforeAnythingIsWritten_AndAFailedSaveLeavesNoFiles()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.Article(1, "خبر منتشرشده", "سیاسی", "2024-01-01T10:00:00Z"));
        using var photo = new Image<Rgb24>(800, 450, new Rgb24(20, 120, 60));
        using var png = new MemoryStream();
        await photo.SaveAsPngAsync(png);

        var reporter = await Staff.CookieClientAsync(factory, Roles.Reporter);
        var refused = await UploadAsync(reporter, 1, png.ToArray(), "photo.png");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, Files(factory));

        // A save that fails (no title) takes its new image with it.
        var failed = await UploadAsync(reporter, null, png.ToArray(), "photo.png", title: "");
        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        Assert.Equal(0, Files(factory));
    }

    [Fact]
    public async Task AbandonedUploads_AreRemovedADayLater_ImagesAndVideosInUseStay()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.Article(1, "خبر پیشین", "سیاسی", "2024-01-01T10:00:00Z"));
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        using var photo = new Image<Rgb24>(800, 450, new Rgb24(20, 120, 60));
        using var png = new MemoryStream();
        await photo.SaveAsPngAsync(png);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(editor, null, png.ToArray(), "kept.png")).StatusCode);
        var media = factory.Services.GetRequiredService<MediaStore>();
        // An upload whose page was closed before the save: on disk, in no article.
        await using (var stream = new MemoryStream(png.ToArray()))
        {
            await media.SaveLeadImageAsync(stream, CancellationToken.None);
        }

        // Two videos: one an article plays, one replaced by it before anyone saved it.
        var clip = await File.ReadAllBytesAsync(Path.Combine(Repo.Root(), "tests", "Khabar.Tests", "Support", "Media", "clip.mp4"));
        var played = await media.SaveVideoAsync(new MemoryStream(clip), CancellationToken.None);
        var replaced = await media.SaveVideoAsync(new MemoryStream(clip), CancellationToken.None);
        await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == 1).ExecuteUpdateAsync(u => u.SetProperty(a => a.VideoUrl, played)));

        Assert.Equal(12, Files(factory));
        foreach (var file in Directory.EnumerateFiles(media.Root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UnixEpoch.AddYears(50));
        }

        var clock = factory.Services.GetRequiredService<TimeProvider>();
        var removed = await factory.WithDbAsync(db => MediaJanitor.RemoveAbandonedAsync(media, db, MediaJanitor.Age, clock, CancellationToken.None));
        Assert.Equal(2, removed);
        Assert.Equal(6, Files(factory));
        var kept = await factory.WithDbAsync(db => db.Articles.Where(a => a.ImageUrl != null).Select(a => a.ImageUrl!).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await factory.Client().GetAsync(kept)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.Client().GetAsync(played)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync(replaced)).StatusCode);
    }

    [Fact]
    public async Task LeadImage_IsCroppedToResponsiveSizes_AndBadFilesAreRefused()
    {
        await using var factory = await EditorTests.NewsroomAsync();
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var service = await EditorTests.ServiceIdAsync(factory);
        var page = await editor.GetStringAsync("/newsroom/articles/edit");

        using var image = new Image<Rgba32>(2000, 1500, new Rgba32(30, 90, 160));
        using var png = new MemoryStream();
        await image.SaveAsPngAsync(png);
        var form = new MultipartFormDataContent
        {
            { new StringContent(Staff.Antiforgery(page)), "__RequestVerificationToken" },
            { new StringContent("save"), "action" },
            { new StringContent("0"), "Version" },
            { new StringContent("خبر با تصویر"), "Title" },
            { new StringContent(service.ToString(CultureInfo.InvariantCulture)), "ServiceId" },
            { new ByteArrayContent(png.ToArray()), "image", "photo.png" },
        };
        var saved = await editor.PostAsync("/newsroom/articles/edit", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var url = await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == EditorTests.CodeFrom(saved)).Select(a => a.ImageUrl).SingleAsync());
        Assert.Matches("^/media/\\d{4}/\\d{2}/[0-9a-f]{32}-16x9-960\\.jpg$", url);
        foreach (var (suffix, w, h) in new[] { ("16x9-480", 480, 270), ("16x9-960", 960, 540), ("16x9-1600", 1600, 900), ("4x3-1200", 1200, 900), ("1x1-1200", 1200, 1200) })
        {
            var response = await factory.Client().GetAsync(url!.Replace("16x9-960", suffix, StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("immutable", response.Headers.CacheControl!.ToString());
            var info = Image.Identify(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal((w, h), (info.Width, info.Height));
        }

        var bad = new MultipartFormDataContent
        {
            { new StringContent(Staff.Antiforgery(page)), "__RequestVerificationToken" },
            { new StringContent("save"), "action" },
            { new StringContent("خبر با پروندهٔ خراب"), "Title" },
            { new StringContent(service.ToString(CultureInfo.InvariantCulture)), "ServiceId" },
            { new ByteArrayContent("not an image"u8.ToArray()), "image", "photo.jpg" },
        };
        var refused = await editor.PostAsync("/newsroom/articles/edit", bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("تصویر شناخته\u200Cشده\u200Cای نیست", await refused.Content.ReadAsStringAsync());
    }
}
