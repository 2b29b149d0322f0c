namespace Khabar.Persian.Tests;

public class SearchKeyTests
{
    [Theory]
    [InlineData("\u0643\u062A\u0627\u0628", "\u06A9\u062A\u0627\u0628")] // كتاب = کتاب
    [InlineData("\u0639\u0644\u064A", "\u0639\u0644\u06CC")] // علي = علی
    [InlineData("\u0645\u06CC\u200C\u06A9\u0631\u062F\u0646\u062F", "\u0645\u06CC\u06A9\u0631\u062F\u0646\u062F")] // می\u200Cکردند = میکردند
    [InlineData("\u062A\u0642\u0631\u06CC\u0628\u0627\u064B", "\u062A\u0642\u0631\u06CC\u0628\u0627")] // tanwin dropped
    [InlineData("\u062E\u0640\u0628\u0631", "\u062E\u0628\u0631")] // tatweel
    [InlineData("\u0645\u062F\u0631\u0633\u0629", "\u0645\u062F\u0631\u0633\u0647")] // ة → ه
    [InlineData("\u0623\u0645\u0631", "\u0627\u0645\u0631")] // أ → ا
    [InlineData("\u0645\u0624\u0633\u0633\u0647", "\u0645\u0648\u0633\u0633\u0647")] // ؤ → و
    [InlineData("\u06F1\u06F4\u06F0\u06F1", "1401")] // Persian digits
    [InlineData("\u0661\u0664\u0660\u0661", "1401")] // Arabic-Indic digits
    [InlineData("\uFEE3\uFEE8", "\u0645\u0646")] // presentation forms
    public void Of_SpellingVariants_MeetOnOneKey(string variant, string canonical) =>
        Assert.Equal(SearchKey.Of(canonical), SearchKey.Of(variant));

    [Theory]
    [InlineData("\u0628\u06CC\u0646\u200C\u0627\u0644\u0645\u0644\u0644\u06CC", "\u0628\u06CC\u0646\u0627\u0644\u0645\u0644\u0644\u06CC")] // بین‌المللی = بینالمللی
    [InlineData("\u0628\u06CC\u0646 \u0627\u0644\u0645\u0644\u0644\u06CC", "\u0628\u06CC\u0646\u0627\u0644\u0645\u0644\u0644\u06CC")] // بین المللی = بینالمللی
    [InlineData("\u06AF\u0632\u0627\u0631\u0634\u200C\u0647\u0627\u06CC", "\u06AF\u0632\u0627\u0631\u0634")] // گزارش‌های → گزارش
    [InlineData("\u06AF\u0632\u0627\u0631\u0634 \u0647\u0627\u06CC", "\u06AF\u0632\u0627\u0631\u0634")] // گزارش های → گزارش
    [InlineData("\u0646\u0627\u0645\u0647\u200C\u0627\u06CC", "\u0646\u0627\u0645\u0647")] // نامه‌ای → نامه
    [InlineData("\u0646\u0627\u0645\u0647 \u0627\u06CC", "\u0646\u0627\u0645\u0647")] // نامه ای → نامه
    [InlineData("\u0628\u0632\u0631\u06AF\u200C\u062A\u0631\u06CC\u0646", "\u0628\u0632\u0631\u06AF")] // بزرگ‌ترین → بزرگ
    [InlineData("\u06A9\u062A\u0627\u0628\u200C\u0647\u0627\u06CC\u0634\u0627\u0646", "\u06A9\u062A\u0627\u0628")] // کتاب‌هایشان → کتاب
    [InlineData("\u0645\u06CC\u200C\u200C\u06A9\u0631\u062F\u0646\u062F", "\u0645\u06CC\u06A9\u0631\u062F\u0646\u062F")] // doubled ZWNJ
    [InlineData("\u06AF\u0632\u0627\u0631\u0634\u0647\u0627\u06CC", "\u06AF\u0632\u0627\u0631\u0634")] // گزارشهای (joined) → گزارش
    [InlineData("\u0646\u0627\u0645\u0647\u0627\u06CC", "\u0646\u0627\u0645\u0647")] // نامهای (ZWNJ missing) → نامه
    [InlineData("\u06A9\u062A\u0627\u0628\u0647\u0627", "\u06A9\u062A\u0627\u0628")] // کتابها → کتاب
    [InlineData("\u0628\u0632\u0631\u06AF\u062A\u0631\u06CC\u0646", "\u0628\u0632\u0631\u06AF")] // بزرگترین → بزرگ
    public void Of_ZwnjSpaceAndJoinedForms_Meet(string variant, string canonical) =>
        Assert.Equal(SearchKey.Of(canonical), SearchKey.Of(variant));

    [Theory]
    [InlineData("\u0634\u06CC\u0631", "\u0633\u06CC\u0631")] // شیر ≠ سیر
    [InlineData("\u0622\u0646", "\u0627\u0646")] // آن ≠ ان: the madda changes the word
    [InlineData("\u0642\u0631\u0622\u0646", "\u0642\u0631\u0627\u0646")] // قرآن ≠ قران
    [InlineData("\u0628\u06CC\u0646 \u062F\u0648", "\u0628\u06CC\u0646\u062F\u0648")] // «بین دو» is two words, not «بیندو»
    [InlineData("\u062A\u0646\u0647\u0627", "\u062A\u0646")] // تنها (alone) ≠ تن: no blind «ها» stripping
    [InlineData("\u0628\u0647\u062A\u0631", "\u0628\u0647")] // بهتر ≠ به
    [InlineData("\u0628\u0627\u0631\u0627\u0646", "\u0628\u0627\u0631")] // باران ≠ بار: «ان» is never stripped
    [InlineData("\u062F\u062E\u062A\u0631", "\u062F\u062E")] // دختر is not a comparative
    [InlineData("1401", "14010")] // a number is not a longer number
    [InlineData("\u06A9\u0631\u062F", "\u06AF\u0631\u062F")] // کرد ≠ گرد
    [InlineData("\u0645\u0644\u06A9", "\u0645\u0644\u06A9\u0647")] // ملک ≠ ملکه
    public void Of_DifferentWords_StayApart(string a, string b) =>
        Assert.NotEqual(SearchKey.Of(a), SearchKey.Of(b));

    [Fact]
    public void Words_DecimalNumber_StaysOneToken() =>
        Assert.Equal(["3.5", "\u062F\u0631\u0635\u062F"], SearchKey.Words("\u06F3\u066B\u06F5 \u062F\u0631\u0635\u062F"));

    [Fact]
    public void Words_Punctuation_SeparatesWords() =>
        Assert.Equal(["\u0633\u0644\u0627\u0645", "\u062F\u0646\u06CC\u0627"], SearchKey.Words("\u00AB\u0633\u0644\u0627\u0645\u00BB\u060C \u062F\u0646\u06CC\u0627\u061F"));

    [Fact]
    public void Of_NoncharactersControlsAndHalfSurrogates_AreIgnoredNotThrown()
    {
        var input = new string(['\uFFFE', '\uFFFF', '\uD800', ' ', '\u0646', '\u0627', '\u0645', '\0', '\uDC00']);
        Assert.Equal(SearchKey.Of("\u0646\u0627\u0645"), SearchKey.Of(input));
    }

    [Fact]
    public void Nfkc_IsSkippedOnlyWhereItChangesNothing()
    {
        var inert = Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(SearchKey.IsNfkcInert).ToList();
        Assert.Contains('\u06A9', inert); // ک
        Assert.Contains('\u200C', inert); // ZWNJ
        Assert.Contains('a', inert);
        Assert.DoesNotContain('\u064B', inert); // tanwin, a combining mark
        Assert.DoesNotContain('\u0653', inert); // madda above: ا + ◌ٓ composes to آ
        Assert.DoesNotContain('\u0675', inert); // high hamza alef: NFKC decomposes it
        Assert.DoesNotContain('\uFEE3', inert); // presentation form

        // Any two of them side by side are NFKC already, so a text of them needs no ICU.
        var changed = new List<string>();
        foreach (var a in inert)
        {
            foreach (var b in inert)
            {
                var pair = new string([a, b]);
                if (pair.Normalize(System.Text.NormalizationForm.FormKC) != pair)
                {
                    changed.Add(pair);
                }
            }
        }

        Assert.Empty(changed);
        foreach (var text in new[] { "\uFEE3\uFEE8", "\u0627\u0653", "\uFEFB", "x\u0301", "\u0645\u06CC\u200C\u06A9\u0631\u062F\u0646\u062F", "\u00BD" })
        {
            Assert.Equal(text.Normalize(System.Text.NormalizationForm.FormKC), SearchKey.Nfkc(text));
        }
    }
}
