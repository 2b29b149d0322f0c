using System.Globalization;

namespace Khabar.Persian;

/// <summary>A Solar Hijri calendar day.</summary>
public readonly record struct JalaliDate(int Year, int Month, int Day)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Year:D4}/{Month:D2}/{Day:D2}");
}

/// <summary>
/// Solar Hijri dates in Tehran time for people: PersianCalendar for the calendar and the IANA zone
/// Asia/Tehran for the clock (Iran kept summer time until 2022, so no fixed offset is ever right).
/// </summary>
public static class Jalali
{
    public static readonly TimeZoneInfo Tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");

    private static readonly PersianCalendar Calendar = new();

    public static IReadOnlyList<string> MonthNames { get; } =
    [
        "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
        "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
    ];

    private static readonly string[] WeekdayNames =
        ["یک\u200Cشنبه", "دوشنبه", "سه\u200Cشنبه", "چهارشنبه", "پنج\u200Cشنبه", "جمعه", "شنبه"];

    /// <summary>Tehran wall-clock time of a UTC instant.</summary>
    public static DateTime ToTehran(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Tehran);

    /// <summary>The offset from UTC in force in Tehran at that instant (+04:30 or +03:30).</summary>
    public static TimeSpan TehranOffset(DateTime utc) => Tehran.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static JalaliDate DateOf(DateTime utc)
    {
        var local = ToTehran(utc);
        // PersianCalendar works the date out astronomically, once per part (about 10 µs each); a page shows
        // dozens of dates from a handful of days, so each Tehran day is converted once.
        var day = (int)(local.Ticks / TimeSpan.TicksPerDay);
        if (Days.TryGetValue(day, out var known))
        {
            return known;
        }

        var date = new JalaliDate(Calendar.GetYear(local), Calendar.GetMonth(local), Calendar.GetDayOfMonth(local));
        if (Days.Count > 100_000)
        {
            Days.Clear();
        }

        Days[day] = date;
        return date;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, JalaliDate> Days = new();

    /// <summary>«۲۲:۱۰ ۳۰ فروردین ۱۴۰۱»: time, then day, month name and year, as the reference page shows.</summary>
    public static string FormatDateTime(DateTime utc) => $"{FormatTime(utc)} {FormatDate(utc)}";

    /// <summary>«۳۰ فروردین ۱۴۰۱».</summary>
    public static string FormatDate(DateTime utc)
    {
        var d = DateOf(utc);
        return Digits.ToPersian(string.Create(CultureInfo.InvariantCulture, $"{d.Day} {MonthNames[d.Month - 1]} {d.Year}"));
    }

    /// <summary>«۳۰ فروردین»: day and month name, for lists where the year goes without saying.</summary>
    public static string FormatDayMonth(DateTime utc)
    {
        var d = DateOf(utc);
        return Digits.ToPersian(string.Create(CultureInfo.InvariantCulture, $"{d.Day} {MonthNames[d.Month - 1]}"));
    }

    /// <summary>«۲۲:۱۰» in Tehran time.</summary>
    public static string FormatTime(DateTime utc) =>
        Digits.ToPersian(ToTehran(utc).ToString("HH:mm", CultureInfo.InvariantCulture));

    /// <summary>«سه\u200Cشنبه ۳۰ فروردین ۱۴۰۱».</summary>
    public static string FormatLongDate(DateTime utc) => $"{WeekdayName(utc)} {FormatDate(utc)}";

    public static string WeekdayName(DateTime utc) => WeekdayNames[(int)ToTehran(utc).DayOfWeek];

    /// <summary>
    /// Parses «1401/01/30», «۱۴۰۱/۱/۳۰» or «1401-01-30» (any digit set) into a valid Jalali day; a day-first
    /// «30/01/1401» too, since the four-digit year cannot be mistaken for a day.
    /// </summary>
    public static bool TryParseDate(string? text, out JalaliDate date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = Digits.ToAscii(text.Trim()).Split('/', '-', '.');
        if (parts.Length == 3 && parts[0].Length <= 2 && parts[2].Length == 4)
        {
            (parts[0], parts[2]) = (parts[2], parts[0]);
        }

        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var d))
        {
            return false;
        }

        if (y is < 1 or > 9377 || m is < 1 or > 12 || d < 1 || d > Calendar.GetDaysInMonth(y, m))
        {
            return false;
        }

        date = new JalaliDate(y, m, d);
        return true;
    }

    /// <summary>The UTC instants [start, end) of a Jalali day in Tehran.</summary>
    public static (DateTime StartUtc, DateTime EndUtc) DayRangeUtc(JalaliDate date)
    {
        var start = Calendar.ToDateTime(date.Year, date.Month, date.Day, 0, 0, 0, 0);
        return (TehranToUtc(start), TehranToUtc(start.AddDays(1)));
    }

    /// <summary>Converts Tehran wall-clock time to UTC; a time skipped by a clock change means the first valid one after it.</summary>
    public static DateTime TehranToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (Tehran.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, Tehran);
    }
}
