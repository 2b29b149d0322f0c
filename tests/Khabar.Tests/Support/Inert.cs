using System.Text.Json;
using AngleSharp.Dom;

namespace Khabar.Tests;

/// <summary>What every rendered page must look like whatever was typed into it.</summary>
public static class Inert
{
    /// <summary>
    /// The page holds only the site's own markup: its scripts (site.js, the JSON-LD, the date picker of the archive and
    /// search forms, served from the site itself), no inline handler, no
    /// javascript: URL, no style element, frame, object or resource from another origin.
    /// </summary>
    public static void Assert(IDocument page)
    {
        Xunit.Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        foreach (var script in page.QuerySelectorAll("script"))
        {
            var src = script.GetAttribute("src");
            Xunit.Assert.True(
                src is not null && (src.StartsWith("/js/site.", StringComparison.Ordinal) || src.StartsWith("/lib/jalalidatepicker/jalalidatepicker.min.", StringComparison.Ordinal))
                    || script.GetAttribute("type") == "application/ld+json",
                "unexpected script: " + script.OuterHtml[..Math.Min(200, script.OuterHtml.Length)]);
            if (src is null)
            {
                using var _ = JsonDocument.Parse(script.TextContent); // JSON-LD is still one JSON value
            }
        }

        Xunit.Assert.Empty(page.QuerySelectorAll("style, iframe, frame, object, embed, base, meta[http-equiv]"));
        foreach (var element in page.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Xunit.Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{element.LocalName} has {attribute.Name}");
                if (attribute.Name is "href" or "src" or "action" or "srcset" or "formaction")
                {
                    var value = attribute.Value.Trim();
                    Xunit.Assert.False(value.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"{element.LocalName} {attribute.Name}={value}");
                    // Nothing loads from another origin, except images the newsroom put in an article's body (CSP img-src).
                    if (element.LocalName is "img" or "link" or "script" or "iframe" or "source" or "video" or "audio" && !element.Ancestors<IElement>().Any(a => a.ClassList.Contains("body")))
                    {
                        var scheme = value.IndexOf(':', StringComparison.Ordinal);
                        var slash = value.IndexOf('/', StringComparison.Ordinal);
                        var sameOrigin = !value.StartsWith("//", StringComparison.Ordinal) && (scheme < 0 || slash >= 0 && slash < scheme);
                        Xunit.Assert.True(sameOrigin || value.StartsWith("data:", StringComparison.Ordinal) || element.LocalName == "link" && element.GetAttribute("rel") is "canonical" or "alternate",
                            $"{element.LocalName} loads {value} in {element.ParentElement?.OuterHtml[..Math.Min(300, element.ParentElement.OuterHtml.Length)]}");
                    }
                }
            }
        }
    }
}
