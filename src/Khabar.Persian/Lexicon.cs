using System.Reflection;

namespace Khabar.Persian;

/// <summary>
/// Stems known to the Persian dictionary, by the ending they take: a joined suffix is stripped only back to
/// one of these («گزارشهای» → «گزارش»), never blindly («تنها» keeps its meaning).
/// </summary>
internal static class Lexicon
{
    private sealed record Stems(HashSet<string> Plural, HashSet<string> Indefinite, HashSet<string> Comparative, HashSet<string> Ezafe);

    private static readonly Lazy<Stems> Sets = new(Load);

    /// <summary>
    /// Prefixes that make compounds («پیش‌بینی», «نیمه‌نهایی», «ابرقدرت»), written joined, with a ZWNJ or apart: a
    /// compound of one of these and a plural stem takes a joined plural as the stem alone does.
    /// </summary>
    internal static readonly HashSet<string> CompoundPrefixes = new(
        ["غیر", "ضد", "نیمه", "پیش", "پس", "هم", "نا", "بی", "فرا", "ابر", "شبه", "ریز", "کم", "پر", "فوق", "نیم", "تک"],
        StringComparer.Ordinal);

    public static bool IsPluralStem(string word) => Sets.Value.Plural.Contains(word) || IsCompoundOfPluralStem(word);

    public static bool IsIndefiniteStem(string word) => Sets.Value.Indefinite.Contains(word);

    public static bool IsComparativeStem(string word) => Sets.Value.Comparative.Contains(word);

    /// <summary>A word ending in a silent ه that takes «ی» joined («خانهی»), unless that spelling is a word of its own («ماهی»).</summary>
    public static bool IsEzafeStem(string word) => Sets.Value.Ezafe.Contains(word);

    /// <summary>«پیشبینی», «کتابخانه»: a prefix or a stem, then a plural stem of at least three letters.</summary>
    private static bool IsCompoundOfPluralStem(string word)
    {
        var sets = Sets.Value;
        for (var split = 2; split <= word.Length - 3; split++)
        {
            var (head, tail) = (word[..split], word[split..]);
            if (sets.Plural.Contains(tail) && (CompoundPrefixes.Contains(head) || (head.Length >= 3 && sets.Plural.Contains(head))))
            {
                return true;
            }
        }

        return false;
    }

    private static Stems Load()
    {
        var stems = new Stems(new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Khabar.Persian.stems.txt");
        if (stream is null)
        {
            return stems;
        }

        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { Length: > 2 } line)
        {
            // Dictionary spelling to search-key spelling: the same word the key of a text would give.
            var key = SearchKey.FoldWord(line[2..]);
            (line[0] switch { 'p' => stems.Plural, 'i' => stems.Indefinite, 'y' => stems.Ezafe, _ => stems.Comparative }).Add(key);
        }

        return stems;
    }
}
