using System.Text;

namespace Khabar.Persian;

/// <summary>Readable Persian URL slugs: «خبر مهمِ امروز» → «خبر-مهم-امروز».</summary>
public static class Slug
{
    public static string Of(string? title, int maxLength = 80)
    {
        var text = PersianText.NormalizeLine(title, convertDigits: false);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var digit = Digits.ValueOf(c);
            if (digit >= 0)
            {
                sb.Append((char)('0' + digit));
            }
            else if (Chars.IsArabicMark(c) || c is Chars.HamzaAbove or Chars.HamzaBelow)
            {
                continue;
            }
            else if (char.IsLetter(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        var slug = sb.ToString().Trim('-');
        if (slug.Length <= maxLength)
        {
            return slug;
        }

        var cut = slug.LastIndexOf('-', maxLength);
        return cut > maxLength / 2 ? slug[..cut] : slug[..maxLength].TrimEnd('-');
    }
}
