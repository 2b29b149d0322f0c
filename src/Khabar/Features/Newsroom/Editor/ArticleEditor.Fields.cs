using System.Globalization;
using Khabar.Features.Articles;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

/// <summary>The editor's form applied to an article: each field normalized for storage, the schedule read, tags resolved.</summary>
public sealed partial class ArticleEditor
{
    private static List<string> Apply(Article article, ArticleForm form, Dictionary<string, string> errors)
    {
        var changed = new List<string>();
        string Field(string? raw, string name, int max, bool required, string label)
        {
            var value = PersianText.NormalizeLine(raw);
            if (!string.IsNullOrWhiteSpace(raw) && value != raw.Trim())
            {
                changed.Add(label);
            }

            if (required && value.Length == 0)
            {
                errors[name] = $"{label} را بنویسید.";
            }
            else if (value.Length > max)
            {
                errors[name] = $"{label} نباید بیشتر از {Digits.ToPersian(max)} نویسه باشد.";
            }

            return value;
        }

        article.Rotitr = Field(form.Rotitr, "rotitr", 300, false, "روتیتر");
        article.Title = Field(form.Title, "title", 300, true, "تیتر");
        article.Lead = Field(form.Lead, "lead", 2000, false, "لید");
        article.ImageCaption = NullIfEmpty(Field(form.ImageCaption, "image_caption", 500, false, "زیرنویس تصویر"));
        article.Source = NullIfEmpty(Field(form.Source, "source", 200, false, "منبع"));
        var body = BodyHtml.Clean(form.Body);
        if (!string.IsNullOrWhiteSpace(form.Body) && BodyHtml.ToPlainText(body) != BodyHtml.ToPlainText(BodyHtml.CleanWithoutNormalizing(form.Body)))
        {
            changed.Add("متن");
        }

        article.BodyHtml = body;
        return changed;
    }

    private static DateTime? ParseSchedule(ArticleForm form, DateTime now, Dictionary<string, string> errors)
    {
        if (!Jalali.TryParseDate(form.ScheduleDate, out var day))
        {
            errors["schedule_date"] = "تاریخ انتشار را به شکل ۱۴۰۴/۰۹/۰۶ وارد کنید.";
            return null;
        }

        var time = Digits.ToAscii(form.ScheduleTime ?? "").Trim();
        if (!TimeOnly.TryParseExact(time, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clockTime))
        {
            errors["schedule_time"] = "ساعت انتشار را به شکل ۱۴:۳۰ وارد کنید.";
            return null;
        }

        var (dayStart, _) = Jalali.DayRangeUtc(day);
        var localMidnight = Jalali.ToTehran(dayStart).Date;
        var at = Jalali.TehranToUtc(localMidnight + clockTime.ToTimeSpan());
        if (at <= now)
        {
            errors["schedule_date"] = "زمان انتشار باید در آینده باشد.";
            return null;
        }

        return at;
    }

    /// <summary>Tag names as the writer typed them (commas of either script, semicolons or new lines), normalized, at most 20.</summary>
    public static List<string> TagNames(string? text) =>
        (text ?? "").Split([',', Chars.ArabicComma, '\n', '\u061B'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => PersianText.NormalizeLine(t)).Where(t => t.Length is > 0 and <= 100).Distinct().Take(20).ToList();

    private async Task<List<Tag>> ResolveTagsAsync(string? text, CancellationToken ct)
    {
        var names = TagNames(text);
        var existing = await db.Tags.Where(t => names.Contains(t.Name)).ToListAsync(ct);
        foreach (var name in names.Where(n => existing.All(t => t.Name != n)))
        {
            var tag = new Tag { Name = name };
            db.Tags.Add(tag);
            existing.Add(tag);
        }

        return [.. names.Select(n => existing.First(t => t.Name == n))];
    }
}
