using Khabar.Persian;

namespace Khabar.Features.Search;

/// <summary>The words that say what an article is about: its title, rotitr, lead and tags, without stop words.</summary>
public static class KeyTerms
{
    /// <summary>Function words and newsroom boilerplate, as search keys (ZWNJ joined, Farsi yeh and keheh).</summary>
    private static readonly HashSet<string> StopWords = new(
        ("و در به از که این را با است برای آن یک خود تا کرد بر هم نیز شد شده ها های می نمی اند بود باشد " +
         "شود کرده کند کنند گفت گفته اعلام داد دارد دارند ای یا اما اگر پس پیش چه چون همه هر هیچ دیگر " +
         "بین روی زیر سوی نزد طی ضمن توسط درباره دربارهٔ وی او ما ما شما آنها ایشان سال امروز دیروز فردا " +
         "ساعت روز هفته ماه خبر گزارش شدن کردن داشت داشته است بوده خواهد باید نباید شدند کردند").Split(' ')
            .Select(SearchKey.Of).Where(k => k.Length > 0),
        StringComparer.Ordinal);

    public static IReadOnlyList<string> Of(string title, string rotitr, string lead, IEnumerable<string> tags, int max = 12)
    {
        var ordered = SearchKey.Words(title).Concat(tags.SelectMany(SearchKey.Words)).Concat(SearchKey.Words(rotitr)).Concat(SearchKey.Words(lead));
        return [.. ordered.Where(w => w.Length >= 2 && !StopWords.Contains(w) && !w.All(char.IsAsciiDigit)).Distinct().Take(max)];
    }
}
