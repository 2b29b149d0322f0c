using System.Buffers;
using System.Text;

namespace Khabar.Persian;

/// <summary>
/// Conservative normalization for storage and display, applied on every save and import: it only
/// changes what never changes meaning, and leaves URLs, emails and Latin text alone.
/// </summary>
public static class PersianText
{
    private static readonly SearchValues<char> AsciiDigits = SearchValues.Create("0123456789");
    private static readonly SearchValues<char> LatinLetters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>Full storage normalization: letters, tatweel, presentation forms, bidi controls, ZWNJ and digits.</summary>
    /// <summary>
    /// The text without what Unicode normalization refuses or nobody can see: unpaired surrogates, controls,
    /// invisible characters and noncharacters (see <see cref="Chars.IsInvisibleJunk"/>). Safe to pass to
    /// <see cref="string.Normalize(NormalizationForm)"/>, which throws on some of these.
    /// </summary>
    public static string Scrub(string text)
    {
        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            clean = !char.IsSurrogate(c) && !Chars.IsInvisibleJunk(c);
        }

        if (clean)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (!char.IsSurrogate(c) && !Chars.IsInvisibleJunk(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    public static string Normalize(string? text) => Normalize(text, convertDigits: true);

    /// <summary>Storage normalization that keeps digits as typed: for names, where «7891» is what the person wrote.</summary>
    public static string NormalizeKeepDigits(string? text) => Normalize(text, convertDigits: false);

    /// <summary>Normalizes a one-line field: as <see cref="Normalize(string?)"/>, with runs of white space made one space.</summary>
    public static string NormalizeLine(string? text, bool convertDigits = true)
    {
        var normalized = Normalize(text, convertDigits);
        var sb = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    public static string Normalize(string? text, bool convertDigits)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var letters = FoldLetters(text);
        var joined = FixZwnj(letters);
        return convertDigits ? PersianDigitsInPersianContext(joined) : joined;
    }

    private static string FoldLetters(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Chars.IsPresentationForm(c))
            {
                // Presentation forms are glyphs, not letters: NFKC gives back the letters they draw. A code point
                // of those blocks that NFKC leaves as it is (unassigned, or a noncharacter such as U+FDD0) is dropped.
                var letters = c.ToString().Normalize(NormalizationForm.FormKC);
                if (letters.Length != 1 || letters[0] != c)
                {
                    sb.Append(FoldLetters(letters));
                }

                continue;
            }

            if (char.IsSurrogate(c))
            {
                // A pair is kept (emoji, mathematical letters); half of one is not text and is dropped.
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    sb.Append(c).Append(text[++i]);
                }

                continue;
            }

            if (Chars.IsInvisibleJunk(c))
            {
                continue;
            }

            switch (c)
            {
                case Chars.ArabicYeh or Chars.AlefMaksura:
                    sb.Append(Chars.FarsiYeh);
                    break;
                case Chars.ArabicKaf:
                    sb.Append(Chars.Keheh);
                    break;
                case Chars.Tatweel or Chars.ByteOrderMark:
                    break;
                case var _ when Chars.IsBidiControl(c):
                    break;
                case var _ when Digits.IsArabicIndic(c):
                    sb.Append(Digits.ToPersian(c.ToString()));
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Keeps a ZWNJ only where it separates two letters that would otherwise join: repeats collapse, and one
    /// next to a space, a non-letter, the ends of the text or a letter that never joins forward is dropped.
    /// </summary>
    private static string FixZwnj(string text)
    {
        if (!text.Contains(Chars.Zwnj, StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != Chars.Zwnj)
            {
                sb.Append(c);
                continue;
            }

            var next = i + 1;
            while (next < text.Length && text[next] == Chars.Zwnj)
            {
                next++;
            }

            var before = sb.Length > 0 ? sb[^1] : '\0';
            var after = next < text.Length ? text[next] : '\0';
            var keep = Chars.IsArabicLetter(before) && !Chars.IsRightJoiningOnly(before)
                && (Chars.IsArabicLetter(after) || Chars.IsArabicMark(after));
            if (keep)
            {
                sb.Append(Chars.Zwnj);
            }

            i = next - 1;
        }

        return sb.ToString();
    }

    private static string PersianDigitsInPersianContext(string text)
    {
        if (!text.Any(char.IsAsciiDigit))
        {
            return text;
        }

        var tokens = Tokenize(text);
        var sb = new StringBuilder(text.Length);
        for (var t = 0; t < tokens.Count; t++)
        {
            var (start, length, isSpace) = tokens[t];
            var token = text.AsSpan(start, length);
            if (isSpace || !token.ContainsAny(AsciiDigits) || IsProtected(token) || !InPersianContext(text, tokens, t))
            {
                sb.Append(token);
                continue;
            }

            sb.Append(Digits.ToPersian(token.ToString()));
        }

        return sb.ToString();
    }

    private static bool InPersianContext(string text, List<(int Start, int Length, bool IsSpace)> tokens, int index)
    {
        var own = Script(text.AsSpan(tokens[index].Start, tokens[index].Length));
        if (own != 0)
        {
            return own > 0;
        }

        // A bare number takes the script of the nearest word on either side, Persian winning a tie.
        var previous = NearestScript(text, tokens, index, -1);
        var following = NearestScript(text, tokens, index, +1);
        return previous > 0 || following > 0;
    }

    private static int NearestScript(string text, List<(int Start, int Length, bool IsSpace)> tokens, int index, int step)
    {
        for (var i = index + step; i >= 0 && i < tokens.Count; i += step)
        {
            if (tokens[i].IsSpace)
            {
                continue;
            }

            var script = Script(text.AsSpan(tokens[i].Start, tokens[i].Length));
            if (script != 0)
            {
                return script;
            }
        }

        return 0;
    }

    /// <summary>+1 when the token has Arabic-script letters, -1 when it has Latin letters, 0 when neither.</summary>
    private static int Script(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (Chars.IsArabicLetter(c))
            {
                return 1;
            }

            if (Chars.IsLatinLetter(c))
            {
                return -1;
            }
        }

        return 0;
    }

    private static bool IsProtected(ReadOnlySpan<char> token) =>
        token.Contains("://", StringComparison.Ordinal) || token.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
            || token.Contains('@') || token.ContainsAny(LatinLetters);

    private static List<(int Start, int Length, bool IsSpace)> Tokenize(string text)
    {
        var tokens = new List<(int, int, bool)>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || char.IsWhiteSpace(text[i]) != char.IsWhiteSpace(text[start]))
            {
                tokens.Add((start, i - start, char.IsWhiteSpace(text[start])));
                start = i;
            }
        }

        return tokens;
    }
}
