using System.Globalization;
using Khabar.Features.Import;

namespace Khabar.Features.Demo;

/// <summary>
/// One story of each type for the demo (written for this project): live coverage of a city marathon with key events
/// and a «خبر فوری» strip, a photo report, a video, and bylines and a correction on ordinary articles.
/// </summary>
public static class DemoKinds
{
    public static readonly string[] Reporters = ["نسرین افشار", "بهزاد کرمانی", "لیلا صدری"];

    public static IEnumerable<ImportLine> Build(DateTime now)
    {
        string At(TimeSpan ago) => (now - ago).ToString("O", CultureInfo.InvariantCulture);
        yield return new ImportLine
        {
            Code = 200_001,
            Type = "live",
            Service = "sports",
            Rotitr = "ماراتن تبریز",
            Title = "لحظه به لحظه با ماراتن شهری تبریز؛ دوندگان از میدان ساعت راه افتادند",
            Lead = "نخستین ماراتن شهری تبریز با حضور چند هزار دونده آغاز شد؛ رویدادهای مسیر را اینجا دنبال کنید.",
            Body = "مسیر ۴۲ کیلومتری مسابقه از میدان ساعت آغاز می‌شود و پس از گذر از خیابان امام و پارک ائل‌گلی به همان میدان بازمی‌گردد.",
            Authors = ["لیلا صدری", "بهزاد کرمانی"],
            Source = "خبرنگار اعزامی",
            Image = "/img/demo/provinces-1.svg",
            PublishedAt = At(TimeSpan.FromMinutes(150)),
            BreakingUntil = (now + TimeSpan.FromHours(6)).ToString("O", CultureInfo.InvariantCulture),
            Live =
            [
                new() { At = At(TimeSpan.FromMinutes(145)), Text = "دوندگان در میدان ساعت جمع شده‌اند و گرم‌کردن گروهی آغاز شده است." },
                new() { At = At(TimeSpan.FromMinutes(120)), Text = "<p><strong>آغاز رسمی مسابقه</strong>؛ با شلیک نمادین، نخستین گروه دوندگان راه افتادند.</p>", Key = true },
                new() { At = At(TimeSpan.FromMinutes(95)), Text = "ایستگاه آب و پزشکی کیلومتر ۱۰ شلوغ است؛ داوطلبان به دوندگان آب و خرما می‌دهند." },
                new() { At = At(TimeSpan.FromMinutes(60)), Text = "گروه پیشتاز از نیمهٔ مسیر گذشت؛ زمان نیمه‌راه یک ساعت و پنج دقیقه ثبت شد.", Key = true },
                new() { At = At(TimeSpan.FromMinutes(25)), Text = "باران ملایمی در پارک ائل‌گلی آغاز شده، اما مسابقه ادامه دارد." },
            ],
        };
        yield return new ImportLine
        {
            Code = 200_002,
            Type = "photo",
            Service = "culture",
            Rotitr = "هفتهٔ صنایع دستی",
            Title = "گزارش تصویری؛ نمایشگاه صنایع دستی استان‌ها در تهران",
            Lead = "هنرمندان سی و یک استان کارهای خود را در نمایشگاه امسال به تماشا گذاشته‌اند؛ از فرش و گلیم تا سفال و قلم‌زنی.",
            Body = "نمایشگاه تا پایان هفته هر روز از ساعت ده صبح تا هشت شب برپاست و ورود برای همه آزاد است.",
            Authors = ["نسرین افشار"],
            PublishedAt = At(TimeSpan.FromHours(5)),
            Photos =
            [
                new() { Src = "/img/demo/culture-1.svg", Caption = "غرفهٔ سفال‌گران لالجین در روز نخست نمایشگاه", Credit = "نسرین افشار" },
                new() { Src = "/img/demo/culture-2.svg", Caption = "بافندگان گلیم از استان کرمانشاه", Credit = "نسرین افشار" },
                new() { Src = "/img/demo/provinces-2.svg", Caption = "قلم‌زنی روی مس؛ هنری که در اصفهان زنده مانده است", Credit = "بهزاد کرمانی" },
                new() { Src = "/img/demo/economy-1.svg", Caption = "بازدیدکنندگان در راهروی غرفه‌های فرش دستباف", Credit = "نسرین افشار" },
            ],
        };
        yield return new ImportLine
        {
            Code = 200_003,
            Type = "video",
            Service = "science",
            Rotitr = "فناوری امداد",
            Title = "فیلم؛ نخستین آزمایش پهپاد امدادرسان دانشگاه در ارتفاعات البرز",
            Lead = "گروه دانشجویی رباتیک، پهپادی را آزمایش کرد که بستهٔ دارو و پتوی اضطراری را به کوهنوردان گرفتار می‌رساند.",
            Body = "به گفتهٔ سرپرست گروه، پهپاد در این آزمایش بسته‌ای سه کیلوگرمی را در دوازده دقیقه به ارتفاع سه هزار متری رساند.",
            Authors = ["بهزاد کرمانی"],
            PublishedAt = At(TimeSpan.FromHours(9)),
            Video = new ImportVideo { Src = "/img/demo/khabar-demo.webm", Poster = "/img/demo/science-1.svg" },
        };
    }

    /// <summary>Bylines on some ordinary articles, and a correction on one: what a real archive has.</summary>
    public static void Sign(IReadOnlyList<ImportLine> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (i % 3 == 0)
            {
                lines[i].Authors = [Reporters[i / 3 % Reporters.Length]];
            }
        }

        if (lines.Count > 1 && lines[1].PublishedAt is { } published)
        {
            var at = DateTimeOffset.Parse(published, CultureInfo.InvariantCulture).AddHours(2).ToString("O", CultureInfo.InvariantCulture);
            lines[1].Corrections = [new() { At = at, Text = "در نسخهٔ نخست این خبر، تاریخ برگزاری نشست به اشتباه چهارشنبه نوشته شده بود که درست آن پنجشنبه است." }];
        }
    }
}
