namespace Khabar.Persian.Tests;

public class JalaliTests
{
    private static DateTime Utc(string iso) => DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    [Theory]
    // Iran kept summer time (+04:30) until 2022 and has been +03:30 all year since: never a fixed offset.
    [InlineData("2022-04-19T17:40:00Z", "\u06F2\u06F2:\u06F1\u06F0 \u06F3\u06F0 \u0641\u0631\u0648\u0631\u062F\u06CC\u0646 \u06F1\u06F4\u06F0\u06F1")]
    [InlineData("2024-04-19T17:40:00Z", "\u06F2\u06F1:\u06F1\u06F0 \u06F3\u06F1 \u0641\u0631\u0648\u0631\u062F\u06CC\u0646 \u06F1\u06F4\u06F0\u06F3")]
    [InlineData("2022-04-19T08:30:00Z", "\u06F1\u06F3:\u06F0\u06F0 \u06F3\u06F0 \u0641\u0631\u0648\u0631\u062F\u06CC\u0646 \u06F1\u06F4\u06F0\u06F1")]
    [InlineData("2023-03-20T20:30:00Z", "\u06F0\u06F0:\u06F0\u06F0 \u06F1 \u0641\u0631\u0648\u0631\u062F\u06CC\u0646 \u06F1\u06F4\u06F0\u06F2")] // Nowruz midnight
    [InlineData("2021-12-31T20:00:00Z", "\u06F2\u06F3:\u06F3\u06F0 \u06F1\u06F0 \u062F\u06CC \u06F1\u06F4\u06F0\u06F0")]
    public void FormatDateTime_UtcInstant_IsTehranWallClockInJalali(string utc, string expected) =>
        Assert.Equal(expected, Jalali.FormatDateTime(Utc(utc)));

    [Fact]
    public void TehranOffset_BeforeAndAfter2022_Differs()
    {
        Assert.Equal(TimeSpan.FromHours(4.5), Jalali.TehranOffset(Utc("2022-04-19T17:40:00Z")));
        Assert.Equal(TimeSpan.FromHours(3.5), Jalali.TehranOffset(Utc("2024-04-19T17:40:00Z")));
    }

    [Theory]
    [InlineData("1401/01/30", 1401, 1, 30)]
    [InlineData("\u06F1\u06F4\u06F0\u06F1/\u06F0\u06F1/\u06F3\u06F0", 1401, 1, 30)]
    [InlineData("\u06F1\u06F4\u06F0\u06F1/\u06F1/\u06F3\u06F0", 1401, 1, 30)]
    [InlineData("1403-12-30", 1403, 12, 30)] // 1403 is a leap year
    [InlineData(" 1402/7/1 ", 1402, 7, 1)]
    [InlineData("30/01/1401", 1401, 1, 30)] // day first, as the archive's readers type it
    [InlineData("\u06F3\u06F0/\u06F1/\u06F1\u06F4\u06F0\u06F1", 1401, 1, 30)]
    public void TryParseDate_EitherDigitSet_Parses(string text, int y, int m, int d)
    {
        Assert.True(Jalali.TryParseDate(text, out var date));
        Assert.Equal(new JalaliDate(y, m, d), date);
    }

    [Theory]
    [InlineData("1402/12/30")] // 1402 is not a leap year
    [InlineData("1401/13/01")]
    [InlineData("1401/07/31")] // autumn months have 30 days
    [InlineData("1401/01")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("-1401/01/01")]
    [InlineData("30/13/1401")]
    [InlineData("01/30/1401")] // month first is not a Persian order: month 30 does not exist
    public void TryParseDate_Invalid_IsRefused(string text) => Assert.False(Jalali.TryParseDate(text, out _));

    [Fact]
    public void DayRangeUtc_Farvardin30Of1401_IsTehranMidnightToMidnight()
    {
        var (start, end) = Jalali.DayRangeUtc(new JalaliDate(1401, 1, 30));
        Assert.Equal(Utc("2022-04-18T19:30:00Z"), start);
        Assert.Equal(Utc("2022-04-19T19:30:00Z"), end);
    }

    [Fact]
    public void DayRangeUtc_DayOfClockChange_StillCoversTheWholeDay()
    {
        // 1 Farvardin 1401: Tehran's clocks went forward at midnight, so the day starts at 01:00 local.
        var (start, end) = Jalali.DayRangeUtc(new JalaliDate(1401, 1, 2));
        Assert.True(end > start);
        Assert.Equal(new JalaliDate(1401, 1, 2), Jalali.DateOf(start));
        Assert.Equal(new JalaliDate(1401, 1, 3), Jalali.DateOf(end));
    }
}
