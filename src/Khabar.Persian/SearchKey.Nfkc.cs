using System.Text;

namespace Khabar.Persian;

/// <summary>Unicode NFKC for search keys, fast on the characters Persian text is made of.</summary>
public static partial class SearchKey
{
    /// <summary>
    /// NFKC, without asking ICU when every character is one NFKC leaves as it is whatever stands beside it:
    /// nearly all Persian text. Keying a word was mostly ICU's normalization (a search result's snippet keys
    /// hundreds of words).
    /// </summary>
    public static string Nfkc(string text)
    {
        foreach (var c in text)
        {
            if (!IsNfkcInert(c))
            {
                return text.Normalize(NormalizationForm.FormKC);
            }
        }

        return text;
    }

    /// <summary>
    /// Characters of ASCII, the Arabic block and the joiners and direction marks (U+200C–U+200F) that NFKC maps to
    /// themselves and that are no combining mark, so nothing can compose with them or reorder around them (a
    /// starter-plus-starter composition exists only for scripts above U+0700). Asked of .NET's own NFKC once, at
    /// first use; a test holds every pair of them to NFKC as well.
    /// </summary>
    public static bool IsNfkcInert(char c) => c switch
    {
        < '\u0080' => InertTable.Value[c],
        >= '\u0600' and <= '\u06FF' => InertTable.Value[c - 0x0600 + 0x80],
        >= '\u200C' and <= '\u200F' => InertTable.Value[c - 0x200C + 0x180],
        _ => false,
    };

    private static readonly Lazy<bool[]> InertTable = new(static () =>
    {
        var table = new bool[0x80 + 0x100 + 4];
        for (var i = 0; i < table.Length; i++)
        {
            var c = (char)(i < 0x80 ? i : i < 0x180 ? i - 0x80 + 0x0600 : i - 0x180 + 0x200C);
            var category = char.GetUnicodeCategory(c);
            table[i] = category is not (System.Globalization.UnicodeCategory.NonSpacingMark
                    or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.EnclosingMark)
                && c.ToString().Normalize(NormalizationForm.FormKC) == c.ToString();
        }

        return table;
    });
}
