namespace Khabar.Features.Caching;

/// <summary>
/// Cached pages lose the indentation of the Razor views they were rendered from (a seventh of the home page) and,
/// on the well-formed markup the views and the sanitizer produce, nothing else: WebMarkupMin's safe whitespace mode —
/// inside <c>pre</c>, <c>textarea</c>, scripts and styles nothing changes, between inline elements one space stays,
/// line breaks stay (an unclosed element it would close where a browser does). Done once per render, so every hit
/// sends fewer bytes; a page the minifier cannot parse is kept as rendered.
/// </summary>
public static class Markup
{
    // Every other minification off: only whitespace changes.
    private static readonly WebMarkupMin.Core.HtmlMinificationSettings Settings = new(useEmptyMinificationSettings: true)
    {
        WhitespaceMinificationMode = WebMarkupMin.Core.WhitespaceMinificationMode.Safe,
        PreserveNewLines = true,
    };

    public static byte[] Tighten(byte[] html)
    {
        // A minifier per call: it keeps parsing state, and pages are rendered on many threads at once.
        var result = new WebMarkupMin.Core.HtmlMinifier(Settings).Minify(System.Text.Encoding.UTF8.GetString(html), false);
        return result.Errors.Count == 0 ? System.Text.Encoding.UTF8.GetBytes(result.MinifiedContent) : html;
    }
}
