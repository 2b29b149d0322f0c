namespace Khabar.Persian.Tests;

public class DigitsTests
{
    [Theory]
    [InlineData("0123456789", "\u06F0\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6\u06F7\u06F8\u06F9")]
    [InlineData("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", "\u06F0\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6\u06F7\u06F8\u06F9")]
    [InlineData("\u06A9\u062F 42", "\u06A9\u062F \u06F4\u06F2")]
    [InlineData("", "")]
    public void ToPersian_AnyDigitSet_GivesPersianDigits(string input, string expected) =>
        Assert.Equal(expected, Digits.ToPersian(input));

    [Theory]
    [InlineData("\u06F1\u06F4\u06F0\u06F1/\u06F0\u06F1/\u06F3\u06F0", "1401/01/30")]
    [InlineData("\u0661\u0664\u0660\u0661", "1401")]
    [InlineData("abc", "abc")]
    public void ToAscii_AnyDigitSet_GivesAsciiDigits(string input, string expected) =>
        Assert.Equal(expected, Digits.ToAscii(input));

    [Fact]
    public void ToPersian_Number_UsesNoGrouping() => Assert.Equal("\u06F1\u06F2\u06F3\u06F4\u06F5", Digits.ToPersian(12345));
}
