using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Khabar.Persian;
using Microsoft.AspNetCore.Html;

namespace Khabar.Features.Moderation;

/// <summary>Comment text for the desk, HTML-encoded, with suspect words marked whatever their spelling.</summary>
public static partial class Highlight
{
    [GeneratedRegex(@"[\p{L}\p{M}\p{N}\u200C\u200D\u0640]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    public static IHtmlContent Suspect(string text, IReadOnlyList<string[]> suspectKeys)
    {
        var keys = suspectKeys.Where(k => WordFilter.Contains(SearchKey.Words(text), k)).SelectMany(k => k).ToHashSet(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return new HtmlString(WebUtility.HtmlEncode(text));
        }

        var sb = new StringBuilder();
        var last = 0;
        foreach (Match m in WordPattern().Matches(text))
        {
            sb.Append(WebUtility.HtmlEncode(text[last..m.Index]));
            var word = WebUtility.HtmlEncode(m.Value);
            sb.Append(SearchKey.Words(m.Value) is [var key] && keys.Contains(key) ? $"<mark>{word}</mark>" : word);
            last = m.Index + m.Length;
        }

        sb.Append(WebUtility.HtmlEncode(text[last..]));
        return new HtmlString(sb.ToString());
    }
}
