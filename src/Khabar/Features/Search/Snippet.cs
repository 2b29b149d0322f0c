using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Khabar.Persian;

namespace Khabar.Features.Search;

/// <summary>Highlighted snippets cut from the original text (never the folded key), HTML-encoded.</summary>
public static partial class Snippet
{
    private const int Radius = 14;

    [GeneratedRegex(@"\S+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    public static string Html(string text, IEnumerable<string> keys, int maxWords = 32)
    {
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        var tokens = Token().Matches(text).Select(m => m.Value).ToList();
        if (tokens.Count == 0)
        {
            return "";
        }

        var hits = new bool[tokens.Count];
        var first = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            // A token is one word of the text; its key may be empty (punctuation) or, rarely, two words.
            hits[i] = SearchKey.Words(tokens[i]).Any(wanted.Contains)
                || (i + 1 < tokens.Count && SearchKey.Words(tokens[i] + " " + tokens[i + 1]).Count == 1 && SearchKey.Words(tokens[i] + " " + tokens[i + 1]).Any(wanted.Contains));
            if (hits[i] && first < 0)
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
            sb.Append(hits[i] ? $"<mark>{word}</mark>" : word);
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
}
