using System.Globalization;
using System.Text;

namespace Khabar.Features.Shared;

/// <summary>
/// Public URLs. In pages, Persian letters stay readable (an IRI); anything else in a segment is
/// percent-encoded. <see cref="Ascii"/> makes any of them fit an HTTP header such as Location.
/// </summary>
public static class Urls
{
    public static string Article(long code, string slug) =>
        string.IsNullOrEmpty(slug)
            ? string.Create(CultureInfo.InvariantCulture, $"/news/{code}")
            : string.Create(CultureInfo.InvariantCulture, $"/news/{code}/{Segment(slug)}");

    public static string Print(long code) => string.Create(CultureInfo.InvariantCulture, $"/news/{code}/print");

    public static string ShortLink(long code) => string.Create(CultureInfo.InvariantCulture, $"/x/{code}");

    public static string Service(string slug) => "/service/" + Segment(slug);

    public static string Tag(string name) => "/tag/" + Segment(name);

    public static string Author(string slug) => "/author/" + Segment(slug);

    public static string Source(string name) => "/source/" + Segment(name);

    public const string Photos = "/photo";

    public const string Videos = "/video";

    public static string Live(long code) => string.Create(CultureInfo.InvariantCulture, $"/api/v1/articles/{code}/live");

    public static string Archive(string jalaliDate) => "/archive?date=" + Uri.EscapeDataString(jalaliDate);

    /// <summary>A path segment: letters and digits of any script kept, everything else percent-encoded.</summary>
    public static string Segment(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || rune.Value is '-' or '_' or '.' or '~')
            {
                sb.Append(rune.ToString());
            }
            else
            {
                Encode(sb, rune);
            }
        }

        return sb.ToString();
    }

    /// <summary>The same URL with every non-ASCII character percent-encoded, as HTTP headers require.</summary>
    public static string Ascii(string url)
    {
        var sb = new StringBuilder(url.Length * 2);
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                sb.Append((char)rune.Value);
            }
            else
            {
                Encode(sb, rune);
            }
        }

        return sb.ToString();
    }

    private static void Encode(StringBuilder sb, Rune rune)
    {
        Span<byte> bytes = stackalloc byte[4];
        var length = rune.EncodeToUtf8(bytes);
        foreach (var b in bytes[..length])
        {
            sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
    }
}
