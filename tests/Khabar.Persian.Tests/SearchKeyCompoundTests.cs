namespace Khabar.Persian.Tests;

/// <summary>
/// Compounds, silent-ه suffixes, plurals, numbers and the detached «می» (issue 22): a document and a query meet when
/// every query word, or its join with a neighbour, is among the document's index terms — the rule both databases follow.
/// </summary>
public class SearchKeyCompoundTests
{
    [Theory]
    [InlineData("پیش‌بینی", "پیشبینی")]
    [InlineData("پیش‌بینی", "پیش بینی")]
    [InlineData("پیشبینی", "پیش بینی")]
    [InlineData("نیمه‌نهایی", "نیمه نهایی")]
    [InlineData("نیمهنهایی", "نیمه‌نهایی")]
    [InlineData("ابرقدرت", "ابر قدرت")]
    [InlineData("کتاب‌خانه", "کتاب خانه")]
    [InlineData("کتابخانه", "کتاب خانه")]
    [InlineData("نخست‌وزیر", "نخست وزیر")]
    [InlineData("ضدهوایی", "ضد هوایی")]
    [InlineData("هم‌اکنون", "هم اکنون")]
    [InlineData("سخن‌گو", "سخنگو")]
    [InlineData("میان‌مدت", "میان مدت")]
    [InlineData("رئیس‌جمهور", "رییس جمهور")]
    [InlineData("پیش‌بینی‌ها", "پیش بینی ها")]
    [InlineData("کتاب‌خانه‌های", "کتاب خانه")]
    [InlineData("می‌گوید", "می گوید")]
    [InlineData("میگوید", "می گوید")]
    [InlineData("می‌گوید", "میگوید")]
    [InlineData("نمی‌دانستند", "نمی دانستند")]
    public void Compound_InEveryDirection_Meets(string a, string b)
    {
        Assert.True(SearchKey.Meets(a, b), $"{a} ⟵ {b}");
        Assert.True(SearchKey.Meets(b, a), $"{b} ⟵ {a}");
        Assert.True(SearchKey.Meets($"گزارشی درباره {a} در تهران", b), $"sentence with {a} ⟵ {b}");
        Assert.True(SearchKey.Meets($"گزارشی درباره {b} در تهران", a), $"sentence with {b} ⟵ {a}");
    }

    [Theory]
    [InlineData("خانههای", "خانه‌های")]
    [InlineData("خانههای", "خانه های")]
    [InlineData("خانههای", "خانه")]
    [InlineData("پایگاهها", "پایگاه‌ها")]
    [InlineData("پایگاهها", "پایگاه")]
    [InlineData("نامههایی", "نامه‌هایی")]
    [InlineData("نامههایی", "نامه")]
    [InlineData("خانهی", "خانه‌ی")]
    [InlineData("کشورها", "کشور‌ها")]
    [InlineData("کشور ها", "کشور")]
    [InlineData("کشور‌ها", "کشور")]
    [InlineData("۳۴٬۷۰۰", "34,700")]
    [InlineData("۳۴،۷۰۰", "34700")]
    [InlineData("۳۴۷۰۰", "34,700")]
    [InlineData("۳٫۵", "3.5")]
    [InlineData("۱۴۰۱/۰۱/۳۰", "1401/01/30")]
    public void SpellingsOfOneWord_Meet(string a, string b)
    {
        Assert.True(SearchKey.Meets(a, b), $"{a} ⟵ {b}");
        Assert.True(SearchKey.Meets(b, a), $"{b} ⟵ {a}");
    }

    [Theory]
    [InlineData("جشنواره در ماه می آغاز شد", "آغاز")] // a detached «می» does not hide the next word
    [InlineData("جشنواره در ماه می آغاز شد", "می")]
    [InlineData("پیش بینی هوا", "بینی")]
    [InlineData("او تنها آمد", "تنها")]
    [InlineData("قیمت ۳۴٬۷۰۰ تومان", "۳۴۷۰۰")]
    public void Words_StayFindable(string document, string query) => Assert.True(SearchKey.Meets(document, query));

    [Theory]
    [InlineData("پسر همسایه آمد", "پس")] // «پسر» is not «پس» + «ر»
    [InlineData("همه آمدند", "هم")] // «همه» is not «هم» + «ه»
    [InlineData("خبرنگار آمد", "خبر")] // parts are never split out of a joined word
    [InlineData("کتابخانه باز شد", "کتاب")]
    [InlineData("او تنها آمد", "تن")] // «تنها» is a word
    [InlineData("او را رها کرد", "ره")] // so is «رها»
    [InlineData("صید ماهی آزاد شد", "ماه")] // «ماهی» is a word, not «ماه» + «ی»
    [InlineData("از زیر و زبر", "وزیر")] // a single letter never joins
    [InlineData("گفت که نه تنها", "کهنه")] // «که» never begins a compound
    [InlineData("سن او سی است", "سیاست")] // «است» never ends one
    [InlineData("تاریخ ۱۴۰۱/۰۱/۳۰ بود", "1401")] // a date is one token
    [InlineData("قیمت 34,700 تومان", "700")]
    [InlineData("فهرست ۱،۲،۳ را ببین", "123")] // a list is not a number
    public void Precision_NothingElseMatches(string document, string query) => Assert.False(SearchKey.Meets(document, query));

    [Fact]
    public void Pairs_AreTheJoinsOfAdjacentWords() =>
        Assert.Equal(["نخستوزیر", "وزیرایران"], SearchKey.Pairs(SearchKey.Words("نخست وزیر ایران و")));
}
