namespace Khabar.Persian.Tests;

public class PersianTextTests
{
    [Theory]
    [InlineData("\u0641\u0627\u0631\u0633\u064A", "\u0641\u0627\u0631\u0633\u06CC")] // Arabic yeh → Farsi yeh
    [InlineData("\u0643\u062A\u0627\u0628", "\u06A9\u062A\u0627\u0628")] // Arabic kaf → keheh
    [InlineData("\u0645\u0635\u0637\u0641\u0649", "\u0645\u0635\u0637\u0641\u06CC")] // alef maksura → Farsi yeh
    [InlineData("\u062E\u0640\u0640\u0628\u0631", "\u062E\u0628\u0631")] // tatweel removed
    [InlineData("\uFEE2\uFEEE\uFEB3\uFEF4\uFED8\uFEF2", "\u0645\u0648\u0633\u06CC\u0642\u06CC")] // presentation forms → letters
    [InlineData("\u0628\uFDD0\uFDEF\uFD40\u0628", "\u0628\u0628")] // noncharacters and unassigned code points of those blocks dropped
    [InlineData("\u0646\u0627\u0645\0\u0001\u001B[31m\u007F\u0085", "\u0646\u0627\u0645[31m")] // controls dropped
    [InlineData("\u0633\u200B\u0644\u2060\u0627\u2063\u0645\uFFFE", "\u0633\u0644\u0627\u0645")] // invisible characters dropped
    [InlineData("\t\u0646\r\n", "\t\u0646\r\n")] // tab and line breaks stay
    [InlineData("\u202E\u0633\u0644\u0627\u0645\u202C", "\u0633\u0644\u0627\u0645")] // bidi override removed
    public void Normalize_ArabicVariantsAndJunk_BecomePersianLetters(string input, string expected) =>
        Assert.Equal(expected, PersianText.Normalize(input));

    [Fact]
    public void Normalize_HalfASurrogatePair_IsDropped_AWholePairKept()
    {
        // Built at run time: attribute strings cannot carry an unpaired surrogate through metadata.
        var input = new string(['a', '\uD800', 'b', '\uDC00', 'c', '\uD83D', '\uDE00', '\uDE00']);
        Assert.Equal("abc\uD83D\uDE00", PersianText.Normalize(input));
    }

    [Theory]
    [InlineData("\u0646\u0627\u0645\u0647\u200C\u200C\u0627\u06CC", "\u0646\u0627\u0645\u0647\u200C\u0627\u06CC")] // doubled ZWNJ collapses
    [InlineData("\u0645\u06CC\u200C \u0631\u0648\u0645", "\u0645\u06CC \u0631\u0648\u0645")] // ZWNJ before a space dropped
    [InlineData("\u200C\u0633\u0644\u0627\u0645", "\u0633\u0644\u0627\u0645")] // ZWNJ at the start dropped
    [InlineData("\u06A9\u062A\u0627\u0628\u200C", "\u06A9\u062A\u0627\u0628")] // ZWNJ at the end dropped
    [InlineData("\u062F\u0631\u200C\u0647\u0627", "\u062F\u0631\u0647\u0627")] // after dal, which never joins forward
    [InlineData("\u0645\u06CC\u200C\u0631\u0648\u0645", "\u0645\u06CC\u200C\u0631\u0648\u0645")] // a meaningful ZWNJ is kept
    public void Normalize_Zwnj_KeptOnlyWhereItSeparatesJoiningLetters(string input, string expected) =>
        Assert.Equal(expected, PersianText.Normalize(input));

    [Theory]
    [InlineData("\u0633\u0627\u0644 2017 \u0645\u06CC\u0644\u0627\u062F\u06CC", "\u0633\u0627\u0644 \u06F2\u06F0\u06F1\u06F7 \u0645\u06CC\u0644\u0627\u062F\u06CC")]
    [InlineData("\u0661\u0664\u0660\u0661", "\u06F1\u06F4\u06F0\u06F1")] // Arabic-Indic digits → Persian
    [InlineData("iPhone 15 Pro", "iPhone 15 Pro")] // Latin context keeps ASCII digits
    [InlineData("\u0646\u0634\u0627\u0646\u06CC https://example.com/a/2024 \u0631\u0627", "\u0646\u0634\u0627\u0646\u06CC https://example.com/a/2024 \u0631\u0627")] // URLs untouched
    [InlineData("\u0627\u06CC\u0645\u06CC\u0644 user2024@example.com", "\u0627\u06CC\u0645\u06CC\u0644 user2024@example.com")] // emails untouched
    public void Normalize_Digits_PersianOnlyInPersianContext(string input, string expected) =>
        Assert.Equal(expected, PersianText.Normalize(input));

    [Fact]
    public void NormalizeKeepDigits_NameOfDigits_StaysAsTyped() =>
        Assert.Equal("7891", PersianText.NormalizeKeepDigits("7891"));

    [Fact]
    public void NormalizeLine_RunsOfWhitespace_BecomeOneSpace() =>
        Assert.Equal("\u0627\u0644\u0641 \u0628", PersianText.NormalizeLine("  \u0627\u0644\u0641 \n\t \u0628  "));

    [Theory]
    [InlineData("\u0622\u0628")] // آب (water) keeps its madda in storage
    [InlineData("\u0645\u0633\u0626\u0644\u0647")] // مسئله keeps hamza-yeh
    [InlineData("\u062E\u0627\u0646\u0647\u0654")] // هٔ ezafe mark kept for display
    [InlineData("Hello, World 42")]
    public void Normalize_TextThatIsAlreadyRight_IsUnchanged(string input) =>
        Assert.Equal(input, PersianText.Normalize(input));
}
