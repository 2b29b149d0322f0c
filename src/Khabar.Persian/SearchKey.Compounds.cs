namespace Khabar.Persian;

/// <summary>Compounds written three ways: the joins the index holds beside the words and a query may ask for.</summary>
public static partial class SearchKey
{
    /// <summary>
    /// The two-word joins of a text's words, for the index to hold beside them: Persian writes a compound joined, with a
    /// ZWNJ or apart («پیش‌بینی», «پیشبینی», «پیش بینی»), and the first two give one key word. A document that writes it
    /// apart holds the joined word too, so a reader who types it joined finds it; one who types it apart is asked for
    /// either (<see cref="JoinOf"/>). Parts are never split out of a joined word: «خبرنگار» is not «خبر».
    /// </summary>
    public static IEnumerable<string> Pairs(IReadOnlyList<string> words)
    {
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (JoinOf(words[i], words[i + 1]) is { } joined)
            {
                yield return joined;
            }
        }
    }

    /// <summary>
    /// What a query asks of the index for each of its words: the word itself, or its join with the word before or after
    /// it (a reader who types «پیش بینی» means «پیش‌بینی» too). Each inner list begins with the word.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Alternatives(IReadOnlyList<string> words)
    {
        var result = new List<IReadOnlyList<string>>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var alternatives = new List<string>(3) { words[i] };
            if (i > 0 && JoinOf(words[i - 1], words[i]) is { } before)
            {
                alternatives.Add(before);
            }

            if (i + 1 < words.Count && JoinOf(words[i], words[i + 1]) is { } after)
            {
                alternatives.Add(after);
            }

            result.Add(alternatives);
        }

        return result;
    }

    /// <summary>Whether a text's index terms answer a query's words (each word or one of its joins): the rule both databases follow.</summary>
    public static bool Meets(string document, string query)
    {
        var words = Words(document);
        var terms = new HashSet<string>(words.Concat(Pairs(words)), StringComparer.Ordinal);
        var asked = Alternatives(Words(query));
        return asked.Count > 0 && asked.All(a => a.Any(terms.Contains));
    }

    /// <summary>
    /// Two adjacent key words as one, or null when they never make a compound: not Persian letters, a single letter
    /// («و زیر» is not «وزیر»), or a word that only links («را», «و»; «که نه» is not «کهنه»; «سی است» is not «سیاست»).
    /// </summary>
    public static string? JoinOf(string first, string second) =>
        first.Length > 1 && second.Length > 1 && IsArabicWord(first) && IsArabicWord(second)
        && !NeverFirst.Contains(first) && !NeverSecond.Contains(second)
            ? first + second
            : null;

    private static readonly HashSet<string> NeverFirst = ["\u0631\u0627", "\u06A9\u0647", "\u0648"]; // را، که، و

    private static readonly HashSet<string> NeverSecond = ["\u0631\u0627", "\u0627\u0633\u062A", "\u0648"]; // را، است، و
}
