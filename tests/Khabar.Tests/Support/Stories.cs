using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Khabar.Tests;

/// <summary>
/// One article of each type through the import contract of issue 23: live coverage (ended, with key events), a photo
/// report (files beside the import file and an address), a video (an mp4 beside the import file with a poster), and a
/// news story with two authors, a source, a correction and «خبر فوری». Every sentence written for these tests.
/// </summary>
public static class Stories
{
    public const long Live = 8101;
    public const long Photo = 8102;
    public const long Video = 8103;
    public const long Corrected = 8104;
    public const long Ongoing = 8105;

    public static readonly DateTime Published = new(2026, 11, 20, 6, 0, 0, DateTimeKind.Utc);

    /// <summary>The lines, with their image and video files written into the site's folder beside the import file.</summary>
    public static async Task<string[]> LinesAsync(KhabarFactory factory, DateTime? breakingUntil = null)
    {
        await WriteImageAsync(Path.Combine(factory.Folder, "photos", "bazaar.png"), new Rgb24(200, 120, 40));
        await WriteImageAsync(Path.Combine(factory.Folder, "photos", "river.png"), new Rgb24(40, 110, 190));
        await WriteImageAsync(Path.Combine(factory.Folder, "poster.png"), new Rgb24(20, 20, 20));
        File.Copy(Path.Combine(Repo.Root(), "tests", "Khabar.Tests", "Support", "Media", "clip.mp4"), Path.Combine(factory.Folder, "clip.mp4"), overwrite: true);
        var until = (breakingUntil ?? TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(3)).ToString("O", CultureInfo.InvariantCulture);
        return
        [
            """
            {"code":8101,"type":"live","service":"ورزشی","title":"پوشش زنده فینال لیگ والیبال در سالن آزادی","lead":"فینال امشب را رویداد به رویداد دنبال کنید.","body":"سالن دوازده هزار نفری از ساعت شش پر شده است.","authors":["سمانه رحیمی"],"published_at":"2026-11-20T06:00:00Z","live_ended_at":"2026-11-20T09:30:00Z",
             "live":[{"at":"2026-11-20T06:10:00Z","text":"تیم‌ها برای گرم کردن به زمین آمدند."},{"at":"2026-11-20T07:05:00Z","text":"<p>ست نخست با نتیجهٔ ۲۵ بر ۲۱ به میزبان رسید.</p>","key":true},{"at":"2026-11-20T08:40:00Z","text":"مربی مهمان وقت استراحت گرفت.<script>alert(1)</script>"},{"at":"2026-11-20T09:20:00Z","text":"قهرمانی با برد سه بر یک قطعی شد.","key":true}]}
            """.ReplaceLineEndings(""),
            """
            {"code":8102,"type":"photo","service":"فرهنگی","title":"گزارش تصویری از بازار سنتی کاشان در شب یلدا","lead":"بازار کاشان در شب یلدا چراغانی شد.","authors":["کامران نیک‌نام"],"published_at":"2026-11-20T07:00:00Z",
             "photos":[{"src":"photos/bazaar.png","caption":"راستهٔ انارفروشان در بازار","credit":"کامران نیک‌نام"},{"src":"photos/river.png","caption":"رودخانهٔ کنار بازار در شب","credit":"آژانس عکس شهر"},{"src":"https://images.example.org/kashan-3.jpg","caption":"سقف تیمچهٔ امین‌الدوله","credit":"آرشیو"}]}
            """.ReplaceLineEndings(""),
            """
            {"code":8103,"type":"video","service":"علمی","title":"فیلم؛ پرتاب موشک کاوشگر دانشجویی از بیابان سمنان","lead":"موشک کاوشگر به ارتفاع هشت کیلومتری رسید.","published_at":"2026-11-20T08:00:00Z","video":{"src":"clip.mp4","poster":"poster.png"}}
            """.ReplaceLineEndings(""),
            $$"""
            {"code":8104,"service":"اقتصادی","title":"نرخ تورم نقطه‌ای آبان اعلام شد","lead":"مرکز آمار نرخ تورم آبان را اعلام کرد.","body":"تورم نقطه‌ای آبان سی و دو درصد بود.","authors":["سمانه رحیمی","خبرنگار ایسنا"],"source":"مرکز آمار","published_at":"2026-11-20T05:00:00Z",
             "corrections":[{"at":"2026-11-21T10:15:00Z","text":"در نسخهٔ نخست، نرخ تورم سی و سه درصد نوشته شده بود که درست آن سی و دو درصد است."}],"breaking_until":"{{until}}"}
            """.ReplaceLineEndings(""),
            """
            {"code":8105,"type":"live","service":"اجتماعی","title":"لحظه به لحظه با بارش برف در تهران","lead":"مدارس تهران فردا تعطیل است.","published_at":"2026-11-20T04:00:00Z","live":[{"at":"2026-11-20T04:30:00Z","text":"بارش برف در شمال شهر آغاز شد."}]}
            """.ReplaceLineEndings(""),
        ];
    }

    public static async Task ImportAsync(KhabarFactory factory, DateTime? breakingUntil = null)
    {
        var report = await factory.ImportAsync(await LinesAsync(factory, breakingUntil));
        Assert.True(report.Errors.Count == 0, string.Join("; ", report.Errors.Select(e => $"{e.Line}: {e.Message}")));
        Assert.Equal(5, report.Created);
    }

    private static async Task WriteImageAsync(string path, Rgb24 colour)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<Rgb24>(800, 450, colour);
        await image.SaveAsPngAsync(path);
    }
}
