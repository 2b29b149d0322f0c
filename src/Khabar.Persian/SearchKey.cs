using System.Text;

namespace Khabar.Persian;

/// <summary>
/// Aggressive normalization for search and matching (index, query, banned words alike): every spelling
/// variant of a word gives the same key. Never shown to readers.
/// </summary>
public static class SearchKey
{
    /// <summary>The key of a text: folded words separated by single spaces.</summary>
    public static string Of(string? text) => string.Join(' ', Words(text));

    /// <summary>The folded words of a text, in order.</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var folded = Fold(text.Normalize(NormalizationForm.FormKC));
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            var isDecimalPoint = c == '.' && current.Length > 0 && char.IsAsciiDigit(current[^1])
                && i + 1 < folded.Length && char.IsAsciiDigit(folded[i + 1]);
            if (char.IsLetterOrDigit(c) || isDecimalPoint)
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
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
                case Chars.AlefMadda or Chars.AlefHamzaAbove or Chars.AlefHamzaBelow or Chars.AlefWasla:
                    sb.Append(Chars.Alef);
                    break;
                case Chars.WawHamza:
                    sb.Append(Chars.Waw);
                    break;
                case Chars.ArabicDecimalSeparator:
                    sb.Append('.');
                    break;
                // Joiners and thousands separators vanish, so «می\u200Cکردند» and «میکردند» meet and ۱٬۰۰۰ is 1000.
                case Chars.Zwnj or Chars.Zwj or Chars.Tatweel or Chars.ArabicThousandsSeparator or Chars.ByteOrderMark:
                    break;
                case var _ when Chars.IsArabicMark(c) || c is Chars.HamzaAbove or Chars.HamzaBelow:
                    break;
                case var _ when Chars.IsBidiControl(c) || c is Chars.Lrm or Chars.Rlm:
                    break;
                default:
                    sb.Append(char.ToLowerInvariant(c));
                    break;
            }
        }

        return sb.ToString();
    }
}
