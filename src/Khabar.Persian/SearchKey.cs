using System.Text;

namespace Khabar.Persian;

/// <summary>
/// Aggressive normalization for search and matching (index, query, banned words alike): every spelling
/// variant of a word gives the same key. Never shown to readers.
/// </summary>
public static partial class SearchKey
{
    /// <summary>
    /// The version of the keys: raised whenever a text's key words (or <see cref="Pairs"/>) change, so an index written
    /// with older keys is rebuilt. 2: compounds' joins, thousands separators, dates, silent ه, the detached «می».
    /// </summary>
    public const int Version = 2;

    /// <summary>The key of a text: folded words separated by single spaces.</summary>
    public static string Of(string? text) => string.Join(' ', Words(text));

    /// <summary>
    /// Loads the stem lexicon and the Unicode normalization data now, so the first key asked for does not wait
    /// for them (about a tenth of a second); a server calls it on a spare core as it starts.
    /// </summary>
    public static void Preload() => _ = Lexicon.IsPluralStem(FoldWord("کتاب"));

    /// <summary>The folded words of a text, in order.</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var raw = Tokenize(Fold(Nfkc(PersianText.Scrub(text))));
        var joined = JoinDetachedParts(raw);
        var words = new List<string>(joined.Count);
        foreach (var token in joined)
        {
            var word = Stem(token);
            if (word.Length > 0)
            {
                words.Add(word);
            }
        }

        return words;
    }

    /// <summary>
    /// A ZWNJ is a morpheme boundary: kept as a private-use mark through tokenizing so the parts of
    /// «گزارش‌های» can be told apart, then joined («می‌کردند» → «میکردند») or its suffix dropped.
    /// </summary>
    private const char Boundary = '\uE000';

    /// <summary>Suffixes writers separate with a space or ZWNJ: «نامه ای», «گزارش های», «بزرگ تر».</summary>
    private static readonly HashSet<string> DetachedSuffixes =
    [
        "\u0647\u0627", "\u0647\u0627\u06CC", "\u0647\u0627\u06CC\u06CC", "\u0627\u06CC", "\u062A\u0631", "\u062A\u0631\u06CC\u0646",
    ];

    /// <summary>Inflectional endings dropped when a ZWNJ or space marks them off: plural, indefinite, possessive, comparative.</summary>
    private static readonly HashSet<string> Suffixes =
    [
        "\u0647\u0627", "\u0647\u0627\u06CC", "\u0647\u0627\u06CC\u06CC", "\u0647\u0627\u06CC\u0645", "\u0647\u0627\u06CC\u062A",
        "\u0647\u0627\u06CC\u0634", "\u0647\u0627\u06CC\u0645\u0627\u0646", "\u0647\u0627\u06CC\u062A\u0627\u0646",
        "\u0647\u0627\u06CC\u0634\u0627\u0646", "\u0627\u06CC", "\u06CC", "\u06CC\u06CC", "\u0627\u0645", "\u0627\u062A",
        "\u0627\u0634", "\u0645\u0627\u0646", "\u062A\u0627\u0646", "\u0634\u0627\u0646", "\u062A\u0631", "\u062A\u0631\u06CC\u0646",
        "\u0627\u0646\u062F", "\u0627\u06CC\u0645", "\u0627\u06CC\u062F",
    ];

    private static List<string> Tokenize(string folded)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            var betweenDigits = current.Length > 0 && char.IsAsciiDigit(current[^1]) && i + 1 < folded.Length && char.IsAsciiDigit(folded[i + 1]);
            if (betweenDigits && c is ',' or '\u060C' && IsThousandsGroup(folded, i + 1))
            {
                continue; // «34,700» and «۳۴،۷۰۰» are 34700, as «۳۴٬۷۰۰» is
            }

            // A decimal point joins its digits («۳٫۵» = «3.5»), and so does a slash: a date («۱۴۰۱/۰۱/۳۰») is one token, and
            // «۳/۵» is how many Persian writers spell 3.5. The key spells both '.', which the index keeps inside a token.
            if (betweenDigits && c is '.' or '/')
            {
                current.Append('.');
            }
            else if (char.IsLetterOrDigit(c) || (c == Boundary && current.Length > 0))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString().TrimEnd(Boundary));
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString().TrimEnd(Boundary));
        }

        return tokens;
    }

    /// <summary>Three digits from <paramref name="start"/>, then no digit: a thousands group after a separator.</summary>
    private static bool IsThousandsGroup(string folded, int start) =>
        start + 3 <= folded.Length && char.IsAsciiDigit(folded[start]) && char.IsAsciiDigit(folded[start + 1]) && char.IsAsciiDigit(folded[start + 2])
        && (start + 3 == folded.Length || !char.IsAsciiDigit(folded[start + 3]));

    /// <summary>
    /// «بین المللی» is one word written apart; so are «نامه ای» and «گزارش های». A detached «می» stays a word of its
    /// own («ماه می آغاز شد» must be found by «آغاز»): the index holds «می کردند» joined as well (<see cref="Pairs"/>).
    /// </summary>
    private static List<string> JoinDetachedParts(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            while (i + 1 < tokens.Count && IsArabicWord(tokens[i + 1]) && IsArabicWord(token)
                && ((token == "\u0628\u06CC\u0646" && tokens[i + 1].StartsWith("\u0627\u0644", StringComparison.Ordinal)) // بین + ال…
                    || DetachedSuffixes.Contains(tokens[i + 1])))
            {
                token = token + Boundary + tokens[++i];
            }

            result.Add(token);
        }

        return result;
    }

    private static bool IsArabicWord(string token) => token.Length > 0 && Chars.IsArabicLetter(token[0]);

    /// <summary>
    /// The first letter or digit of a word as its key would begin, or '\0' when it has none: a cheap test
    /// that lets a caller skip words that cannot match before computing their key.
    /// </summary>
    public static char InitialOf(string word)
    {
        foreach (var c in word)
        {
            if ((char.IsLetterOrDigit(c) || Chars.IsPresentationForm(c)) && !char.IsSurrogate(c))
            {
                var folded = Fold(Nfkc(c.ToString()));
                return folded.Length > 0 ? folded[0] : '\0';
            }
        }

        return '\0';
    }

    /// <summary>One word as the key spells it, for word lists read from elsewhere.</summary>
    internal static string FoldWord(string word) => Fold(Nfkc(PersianText.Scrub(word))).Replace(Boundary.ToString(), "", StringComparison.Ordinal);

    /// <summary>Joined endings, longest first, with the kind of stem each may leave.</summary>
    private static readonly (string Suffix, char Kind)[] JoinedEndings =
    [
        ("\u0647\u0627\u06CC\u0634\u0627\u0646", 'p'), ("\u0647\u0627\u06CC\u062A\u0627\u0646", 'p'), ("\u0647\u0627\u06CC\u0645\u0627\u0646", 'p'),
        ("\u0647\u0627\u06CC\u06CC", 'p'), ("\u0647\u0627\u06CC\u0634", 'p'), ("\u0647\u0627\u06CC\u0645", 'p'), ("\u0647\u0627\u06CC\u062A", 'p'),
        ("\u0647\u0627\u06CC", 'p'), ("\u0647\u0627", 'p'), ("\u062A\u0631\u06CC\u0646", 'c'), ("\u062A\u0631", 'c'),
    ];

    private const string IndefiniteEnding = "\u0627\u06CC"; // ای

    /// <summary>
    /// A word written joined («گزارشهای», «نامهای», «بزرگترین»): its ending is dropped only when what is left
    /// is a stem the dictionary knows for that ending, and at least three letters long.
    /// </summary>
    private static string StemJoined(string word)
    {
        if (word.Length < 4 || !Chars.IsArabicLetter(word[0]))
        {
            return word;
        }

        if (word.EndsWith(IndefiniteEnding, StringComparison.Ordinal) && word[^3] == Chars.Heh
            && Lexicon.IsIndefiniteStem(word[..^2]))
        {
            return word[..^2];
        }

        foreach (var (suffix, kind) in JoinedEndings)
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = word[..^suffix.Length];
                if (kind == 'p' ? Lexicon.IsPluralStem(stem) : Lexicon.IsComparativeStem(stem))
                {
                    return stem;
                }
            }
        }

        // A silent ه and the ezafe or indefinite «ی» written joined: «خانهی» is «خانه‌ی» (but «ماهی» is a word).
        if (word[^1] == Chars.FarsiYeh && word[^2] == Chars.Heh && Lexicon.IsEzafeStem(word[..^1]))
        {
            return word[..^1];
        }

        return word;
    }

    private static string Stem(string token)
    {
        if (!token.Contains(Boundary, StringComparison.Ordinal))
        {
            return StemJoined(token);
        }

        var parts = token.Split(Boundary, StringSplitOptions.RemoveEmptyEntries);
        var take = parts.Length;
        if (parts.Length > 1 && Suffixes.Contains(parts[^1]) && string.Concat(parts[..^1]).Length >= 2)
        {
            take--;
        }

        return string.Concat(parts[..take]);
    }

    private static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var d = Digits.ValueOf(c);
            if (d >= 0)
            {
                sb.Append((char)('0' + d));
                continue;
            }

            switch (c)
            {
                case Chars.ArabicYeh or Chars.AlefMaksura or Chars.YehWithHamza:
                    sb.Append(Chars.FarsiYeh);
                    break;
                case Chars.ArabicKaf:
                    sb.Append(Chars.Keheh);
                    break;
                case Chars.TehMarbuta or Chars.HehWithYeh or Chars.HehGoal or Chars.AeLetter:
                    sb.Append(Chars.Heh);
                    break;
                // آ stays: «آن» is not «ان», «قرآن» is not «قران».
                case Chars.AlefHamzaAbove or Chars.AlefHamzaBelow or Chars.AlefWasla:
                    sb.Append(Chars.Alef);
                    break;
                case Chars.WawHamza:
                    sb.Append(Chars.Waw);
                    break;
                case Chars.ArabicDecimalSeparator:
                    sb.Append('.');
                    break;
                case Chars.Zwnj:
                    sb.Append(Boundary);
                    break;
                // Joiners and thousands separators vanish: ۱٬۰۰۰ is 1000.
                case Chars.Zwj or Chars.Tatweel or Chars.ArabicThousandsSeparator or Chars.ByteOrderMark:
                    break;
                case var _ when Chars.IsArabicMark(c) || c is Chars.HamzaAbove or Chars.HamzaBelow:
                    break;
                case var _ when Chars.IsBidiControl(c) || c is Chars.Lrm or Chars.Rlm:
                    break;
                // The Arabic script has no case: asking ICU about each of its letters was ~5 % of a search's CPU.
                case >= '\u0600' and <= '\u06FF':
                    sb.Append(c);
                    break;
                default:
                    sb.Append(char.ToLowerInvariant(c));
                    break;
            }
        }

        return sb.ToString();
    }
}
