using AngleSharp.Dom;
using Ganss.Xss;
using Khabar.Persian;

namespace Khabar.Features.Articles;

/// <summary>
/// Article bodies as stored: an allow-list of tags and attributes (editors paste from Word and other
/// sites), text nodes normalized for storage, plain paragraphs wrapped in &lt;p&gt;.
/// </summary>
public static partial class BodyHtml
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

    /// <summary>
    /// Plain text of a stored body, for search keys, descriptions and revision diffs: one line per block (paragraph,
    /// heading, list item, quotation, table row), so the words of two list items never run together.
    /// </summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var doc = parser.ParseDocument("<body>" + html + "</body>");
        var sb = new System.Text.StringBuilder(html.Length);
        AppendText(doc.Body!, sb);
        return string.Join('\n', sb.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
    }

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "figcaption",
        "table", "thead", "tbody", "tr", "hr", "br",
    };

    private static void AppendText(INode node, System.Text.StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    sb.Append(text.Data);
                    break;
                case IElement element:
                    var block = Blocks.Contains(element.LocalName);
                    if (block)
                    {
                        sb.Append('\n');
                    }
                    else if (element.LocalName is "td" or "th")
                    {
                        sb.Append(' ');
                    }

                    AppendText(element, sb);
                    if (block)
                    {
                        sb.Append('\n');
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Text with its non-breaking spaces made ordinary ones. Quill 2 (and text pasted from Word) writes every space
    /// as &amp;nbsp;, which makes a paragraph one unbreakable line wider than a phone; a run of them, or of them and
    /// spaces, is one space.
    /// </summary>
    public static string OrdinarySpaces(string text) =>
        text.Contains('\u00A0', StringComparison.Ordinal) ? NonBreakingRun().Replace(text, " ") : text;

    [System.Text.RegularExpressions.GeneratedRegex("[ \u00A0]*\u00A0[ \u00A0]*")]
    private static partial System.Text.RegularExpressions.Regex NonBreakingRun();

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
                    text.Data = PersianText.Normalize(OrdinarySpaces(text.Data));
                    break;
                case IText text:
                    text.Data = OrdinarySpaces(text.Data);
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
