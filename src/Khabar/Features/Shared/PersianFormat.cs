using Khabar.Persian;

namespace Khabar.Features.Shared;

/// <summary>How people read numbers and times on the site: Persian digits, Jalali dates in Tehran time.</summary>
public static class PersianFormat
{
    public static string Num(long value) => Digits.ToPersian(value);

    public static string Num(int value) => Digits.ToPersian(value);

    /// <summary>«۲۲:۱۰ ۳۰ فروردین ۱۴۰۱».</summary>
    public static string DateTime(System.DateTime utc) => Jalali.FormatDateTime(utc);

    public static string Time(System.DateTime utc) => Jalali.FormatTime(utc);

    /// <summary>
    /// A time in a list of the latest news: «۱۴:۳۰» today (in Tehran), «دیروز ۱۴:۳۰», else «۱۲ آذر ۱۴:۳۰», so
    /// yesterday's items never read as today's.
    /// </summary>
    public static string Latest(System.DateTime utc, JalaliDate today)
    {
        var day = Jalali.DateOf(utc);
        if (day == today)
        {
            return Jalali.FormatTime(utc);
        }

        var (todayStart, _) = Jalali.DayRangeUtc(today);
        return Jalali.DateOf(todayStart.AddHours(-12)) == day
            ? "دیروز " + Jalali.FormatTime(utc)
            : $"{Jalali.FormatDayMonth(utc)} {Jalali.FormatTime(utc)}";
    }

    /// <summary>Machine form for &lt;time datetime&gt;: ISO 8601 UTC, ASCII digits.</summary>
    public static string Iso(System.DateTime utc) =>
        System.DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
