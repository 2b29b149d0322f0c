using System.Globalization;
using System.Text;
using Khabar.Features.Import;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Demo;

/// <summary>
/// Demo content for a new, empty database (Khabar:Demo): the articles of demo-articles.txt, written for this
/// project, spread over the last weeks, with comments in every state. Some arrive "rough", as wire copy
/// does (Arabic ي/ك, ASCII digits, doubled ZWNJ), and go through the same import and normalization as real data.
/// </summary>
public sealed class DemoSeeder(NewsDb db, ArticleImporter importer, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    private static readonly string[] Names =
    [
        "مریم", "علی رضایی", "سارا", "یک شهروند", "حمید از شیراز", "نگار", "مهندس کاظمی", "رضا", "فاطمه موسوی",
        "دانشجو", "کاوه", "بهاره", "معلم بازنشسته", "امید", "7891", "نرگس ت.", "پدرام", "زهرا", "آرش", "خواننده همیشگی",
    ];

    private static readonly string[] Texts =
    [
        "خبر خوبی است، امیدوارم اجرای آن هم به همین خوبی باشد.",
        "پیگیری فوری این موضوع لازم است.",
        "چرا درباره هزینه\u200Cهای این طرح چیزی گفته نشده؟",
        "ممنون از گزارش دقیقتان. لطفاً نتیجه را هم اطلاع دهید.",
        "این وعده را سال گذشته هم شنیده بودیم.",
        "در شهر ما هنوز هیچ تغییری دیده نمی\u200Cشود.",
        "عالی بود، دست\u200Cاندرکاران خسته نباشند.",
        "کاش جزئیات بیشتری منتشر می\u200Cکردید.",
        "آمار ارائه\u200Cشده با آنچه ما در بازار می\u200Cبینیم فرق دارد.",
        "به نظرم باید نظر کارشناسان مستقل هم پرسیده شود.",
        "بسیار مفید بود، برای خانواده\u200Cام هم فرستادم.",
        "موفق باشید، منتظر خبرهای بعدی هستیم.",
        "مسئولان لطفاً به مشکل روستاهای اطراف هم رسیدگی کنند.",
        "تیتر خبر با متن آن کمی تفاوت دارد.",
        "از این تصمیم حمایت می\u200Cکنم.",
        "این کار باید خیلی زودتر انجام می\u200Cشد.",
        "لطفاً منبع آمار را هم ذکر کنید.",
        "گزارش بی\u200Cطرفانه\u200Cای بود، متشکرم.",
    ];

    private static readonly string[] RejectedTexts =
    [
        "برای خرید ارزان به سایت ما سر بزنید!!! تخفیف ویژه",
        "این نظر توهین\u200Cآمیز است و منتشر نمی\u200Cشود.",
        "تبلیغ: فروش فوری اقساطی بدون ضامن",
    ];

    private static readonly string[] Ips =
        ["5.160.0.1", "2.176.10.20", "145.97.0.1", "1.1.1.1", "85.214.132.117", "8.8.8.8", "81.2.69.142", "89.160.20.112", "5.200.10.1"];

    public async Task SeedIfEmptyAsync(CancellationToken ct)
    {
        if (await db.Articles.AnyAsync(ct))
        {
            return;
        }

        var lines = Build(clock.GetUtcNow().UtcDateTime);
        var report = await importer.ImportAsync(lines, ct);
        logger.LogInformation("Demo content: {Articles} articles and {Comments} comments", report.Created, report.Comments);
    }

    public static List<ImportLine> Build(DateTime now)
    {
        var random = new Random(1403);
        var articles = Parse();
        var lines = new List<ImportLine>();

        // Interleave the services so that every stretch of time has news from each desk.
        var order = articles.Select((a, i) => (a, i)).OrderBy(x => x.a.IndexInService).ThenBy(x => x.a.ServiceIndex).Select(x => x.a).ToList();
        var age = TimeSpan.FromMinutes(35);
        for (var i = 0; i < order.Count; i++)
        {
            var a = order[i];
            var published = now - age;
            age += TimeSpan.FromMinutes(240 + random.Next(0, 420));
            var rough = i % 3 == 1;
            lines.Add(new ImportLine
            {
                Code = 100_000 + (order.Count - i) * 7 + random.Next(0, 6),
                Service = a.Service,
                Rotitr = Roughen(a.Rotitr, rough),
                Title = Roughen(a.Title, rough),
                Lead = Roughen(a.Lead, rough),
                Body = string.Join("\n", a.Paragraphs.Select(p => Roughen(p, rough))),
                Tags = [.. a.Tags.Cast<string?>()],
                Source = i % 5 == 0 ? "خبرنگار اعزامی" : null,
                Image = $"/img/demo/{a.Service}-{(a.IndexInService % 2) + 1}.svg",
                ImageCaption = i % 4 == 0 ? "تصویر تزئینی است." : null,
                PublishedAt = published.ToString("O", CultureInfo.InvariantCulture),
                Comments = Comments(random, published, now),
            });
        }

        DemoKinds.Sign(lines);
        lines.AddRange(DemoKinds.Build(now));
        return lines;
    }

    private static List<ImportComment?> Comments(Random random, DateTime published, DateTime now)
    {
        var count = random.Next(0, 7);
        var result = new List<ImportComment?>();
        for (var j = 0; j < count; j++)
        {
            var roll = random.Next(100);
            var status = roll < 60 ? "published" : roll < 85 ? "pending" : "rejected";
            var at = published + TimeSpan.FromMinutes(20 + random.Next(0, 600));
            if (at > now)
            {
                at = now - TimeSpan.FromMinutes(random.Next(1, 10));
            }

            var isReply = status == "published" && j > 0 && result[j - 1]!.Status == "published" && random.Next(4) == 0;
            result.Add(new ImportComment
            {
                Name = Names[random.Next(Names.Length)],
                Email = random.Next(3) == 0 ? "" : $"reader{random.Next(1000, 9999)}@example.com",
                Text = status == "rejected" ? RejectedTexts[random.Next(RejectedTexts.Length)] : Texts[random.Next(Texts.Length)],
                Ip = Ips[random.Next(Ips.Length)],
                CreatedAt = at.ToString("O", CultureInfo.InvariantCulture),
                Status = status,
                ParentIndex = isReply ? j - 1 : null,
            });
        }

        return result;
    }

    /// <summary>Wire-copy spelling: Arabic yeh and kaf, ASCII digits, a doubled ZWNJ.</summary>
    private static string Roughen(string text, bool rough)
    {
        if (!rough)
        {
            return text;
        }

        var sb = new StringBuilder(Digits.ToAscii(text));
        sb.Replace(Chars.FarsiYeh, Chars.ArabicYeh).Replace(Chars.Keheh, Chars.ArabicKaf);
        sb.Replace(Chars.Zwnj.ToString(), new string(Chars.Zwnj, 2));
        return sb.ToString();
    }

    private sealed record DemoArticle(
        string Service, int ServiceIndex, int IndexInService, string Rotitr, string Title, string[] Tags, string Lead, List<string> Paragraphs);

    private static List<DemoArticle> Parse()
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("Khabar.Features.Demo.demo-articles.txt")
            ?? throw new InvalidOperationException("demo-articles.txt is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var result = new List<DemoArticle>();
        string service = "";
        int serviceIndex = -1, inService = 0;
        DemoArticle? current = null;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("@ ", StringComparison.Ordinal))
            {
                service = line[2..].Trim();
                serviceIndex++;
                inService = 0;
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                var parts = line[2..].Split('|', StringSplitOptions.TrimEntries);
                var tags = parts[2].Split(Chars.ArabicComma, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                current = new DemoArticle(service, serviceIndex, inService++, parts[0], parts[1], tags, "", []);
                result.Add(current);
            }
            else if (current is not null && line.Trim().Length > 0)
            {
                if (current.Lead.Length == 0)
                {
                    result[^1] = current = current with { Lead = line.Trim() };
                }
                else
                {
                    current.Paragraphs.Add(line.Trim());
                }
            }
        }

        return result;
    }
}
