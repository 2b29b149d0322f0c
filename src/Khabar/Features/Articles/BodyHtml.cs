using AngleSharp.Dom;
using Ganss.Xss;
using Khabar.Persian;

namespace Khabar.Features.Articles;

/// <summary>
/// Article bodies as stored: an allow-list of tags and attributes (editors paste from Word and other
/// sites), text nodes normalized for storage, plain paragraphs wrapped in &lt;p&gt;.
/// </summary>
public static class BodyHtml
{
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer(normalize: true);
    private static readonly HtmlSanitizer PlainSanitizer = CreateSanitizer(normalize: false);

    public static string Clean(string? body) => Clean(body, Sanitizer);

    /// <summary>Sanitized but not normalized: to tell the writer whether normalization changed their text.</summary>
    public static string CleanWithoutNormalizing(string? body) => Clean(body, PlainSanitizer);

    private static string Clean(string? body, HtmlSanitizer sanitizer)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        var html = LooksLikeHtml(body) ? body : FromPlainText(body);
        lock (sanitizer)
        {
            return sanitizer.Sanitize(html).Trim();
        }
    }

    /// <summary>Plain text of a stored body, for search keys and descriptions.</summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var doc = parser.ParseDocument("<body>" + html + "</body>");
        return string.Join('\n', doc.Body!.Children.Select(e => e.TextContent.Trim()).Where(t => t.Length > 0));
    }

    private static bool LooksLikeHtml(string body) =>
        body.Contains('<', StringComparison.Ordinal) && body.Contains('>', StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.IsMatch(body, "</?[a-zA-Z][a-zA-Z0-9]*[\\s/>]");

    private static string FromPlainText(string text)
    {
        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Concat(paragraphs.Select(p => "<p>" + System.Net.WebUtility.HtmlEncode(p) + "</p>"));
    }

    private static HtmlSanitizer CreateSanitizer(bool normalize)
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "strong", "b", "em", "i", "u", "s", "blockquote", "q", "ul", "ol", "li", "h2", "h3", "h4",
                "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td", "hr", "sub", "sup",
                "abbr", "cite", "code", "pre",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "dir", "lang",
            },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
        };
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
        sanitizer.PostProcessNode += (_, e) =>
        {
            switch (e.Node)
            {
                case IText text when normalize && text.ParentElement?.LocalName is not ("code" or "pre"):
                    text.Data = PersianText.Normalize(text.Data);
                    break;
                case IElement { LocalName: "a" } link when link.GetAttribute("href") is { } href
                    && href.StartsWith("http", StringComparison.OrdinalIgnoreCase):
                    link.SetAttribute("rel", "nofollow noopener");
                    break;
                case IElement { LocalName: "img" } image:
                    image.SetAttribute("loading", "lazy");
                    break;
            }
        };
        return sanitizer;
    }
}
