using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Khabar.Persian;

namespace Khabar.Features.Search;

/// <summary>Highlighted snippets cut from the original text (never the folded key), HTML-encoded.</summary>
public static partial class Snippet
{
    private const int Radius = 14;

    /// <summary>A snippet comes from the first part of a long text: readers see the top of the story anyway.</summary>
    private const int ScanLimit = 400;

    [GeneratedRegex(@"\S+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    public static string Html(string text, IEnumerable<string> keys, int maxWords = 32)
    {
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        var initials = wanted.Where(k => k.Length > 0).Select(k => k[0]).ToHashSet();
        // Only the words a snippet can reach are cut out: the scanned part, the window after it, one more to
        // know whether the text goes on. Splitting whole bodies was most of what a snippet cost.
        var tokens = new List<string>();
        foreach (var match in Token().EnumerateMatches(text))
        {
            tokens.Add(text.Substring(match.Index, match.Length));
            if (tokens.Count > ScanLimit + maxWords)
            {
                break;
            }
        }

        if (tokens.Count == 0)
        {
            return "";
        }

        // Find the first hit, then key only the words of the window around it.
        var first = -1;
        for (var i = 0; i < Math.Min(tokens.Count, ScanLimit) && first < 0; i++)
        {
            if (IsHit(tokens, i, wanted, initials))
            {
                first = i;
            }
        }

        var start = first < 0 ? 0 : Math.Max(0, first - Radius);
        var end = Math.Min(tokens.Count, start + maxWords);
        var sb = new StringBuilder();
        if (start > 0)
        {
            sb.Append("… ");
        }

        for (var i = start; i < end; i++)
        {
            var word = WebUtility.HtmlEncode(tokens[i]);
            sb.Append(IsHit(tokens, i, wanted, initials) ? $"<mark>{word}</mark>" : word);
            if (i + 1 < end)
            {
                sb.Append(' ');
            }
        }

        if (end < tokens.Count)
        {
            sb.Append(" …");
        }

        return sb.ToString();
    }

    /// <summary>A token is one word of the text; «نامه ای» spans two tokens but is one key word, «پیش بینی» one compound.</summary>
    private static bool IsHit(List<string> tokens, int i, HashSet<string> wanted, HashSet<char> initials)
    {
        // Keying every word is the costly part: skip words whose first letter cannot begin a wanted key.
        var initial = SearchKey.InitialOf(tokens[i]);
        if (initial != '\0' && !initials.Contains(initial))
        {
            return false;
        }

        if (SearchKey.Words(tokens[i]).Any(wanted.Contains))
        {
            return true;
        }

        // Only a short word can be the detached half of one key word («می کردند», «نامه ای»).
        if (i + 1 >= tokens.Count || (tokens[i].Length > 3 && tokens[i + 1].Length > 4))
        {
            return false;
        }

        var pair = SearchKey.Words(tokens[i] + " " + tokens[i + 1]);
        return pair switch
        {
            [var one] => wanted.Contains(one),
            [var first, var second] => SearchKey.JoinOf(first, second) is { } joined && wanted.Contains(joined),
            _ => false,
        };
    }
}
