using Khabar.Persian;

namespace Khabar.Features.Shared;

/// <summary>How people read numbers and times on the site: Persian digits, Jalali dates in Tehran time.</summary>
public static class Fa
{
    public static string Num(long value) => Digits.ToPersian(value);

    public static string Num(int value) => Digits.ToPersian(value);

    /// <summary>«۲۲:۱۰ ۳۰ فروردین ۱۴۰۱».</summary>
    public static string DateTime(System.DateTime utc) => Jalali.FormatDateTime(utc);

    public static string Time(System.DateTime utc) => Jalali.FormatTime(utc);

    /// <summary>Machine form for &lt;time datetime&gt;: ISO 8601 UTC, ASCII digits.</summary>
    public static string Iso(System.DateTime utc) =>
        System.DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
