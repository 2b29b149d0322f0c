using System.Reflection;

namespace Khabar.Persian;

/// <summary>
/// Stems known to the Persian dictionary, by the ending they take: a joined suffix is stripped only back to
/// one of these («گزارشهای» → «گزارش»), never blindly («تنها» keeps its meaning).
/// </summary>
internal static class Lexicon
{
    private static readonly Lazy<(HashSet<string> Plural, HashSet<string> Indefinite, HashSet<string> Comparative)> Sets = new(Load);

    public static bool IsPluralStem(string word) => Sets.Value.Plural.Contains(word);

    public static bool IsIndefiniteStem(string word) => Sets.Value.Indefinite.Contains(word);

    public static bool IsComparativeStem(string word) => Sets.Value.Comparative.Contains(word);

    private static (HashSet<string>, HashSet<string>, HashSet<string>) Load()
    {
        HashSet<string> plural = new(StringComparer.Ordinal), indefinite = new(StringComparer.Ordinal), comparative = new(StringComparer.Ordinal);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Khabar.Persian.stems.txt");
        if (stream is null)
        {
            return (plural, indefinite, comparative);
        }

        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { Length: > 2 } line)
        {
            // Dictionary spelling to search-key spelling: the same word the key of a text would give.
            var key = SearchKey.FoldWord(line[2..]);
            (line[0] switch { 'p' => plural, 'i' => indefinite, _ => comparative }).Add(key);
        }

        return (plural, indefinite, comparative);
    }
}
