using System.Globalization;

namespace Khabar.Persian;

/// <summary>Conversion between ASCII (0-9), Persian (۰-۹) and Arabic-Indic (٠-٩) digits.</summary>
public static class Digits
{
    private const char PersianZero = '\u06F0';
    private const char ArabicIndicZero = '\u0660';

    public static bool IsPersian(char c) => c is >= PersianZero and <= '\u06F9';

    public static bool IsArabicIndic(char c) => c is >= ArabicIndicZero and <= '\u0669';

    public static bool IsAnyDigit(char c) => char.IsAsciiDigit(c) || IsPersian(c) || IsArabicIndic(c);

    /// <summary>The value 0-9 of a digit in any of the three sets, or -1.</summary>
    public static int ValueOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= PersianZero and <= '\u06F9' => c - PersianZero,
        >= ArabicIndicZero and <= '\u0669' => c - ArabicIndicZero,
        _ => -1,
    };

    public static string ToPersian(string? text) => Map(text, v => (char)(PersianZero + v));

    public static string ToAscii(string? text) => Map(text, v => (char)('0' + v));

    /// <summary>A number as a person reads it: Persian digits, no grouping.</summary>
    public static string ToPersian(long value) => ToPersian(value.ToString(CultureInfo.InvariantCulture));

    public static string ToPersian(int value) => ToPersian(value.ToString(CultureInfo.InvariantCulture));

    private static string Map(string? text, Func<int, char> digit)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return string.Create(text.Length, (text, digit), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.text[i];
                var v = ValueOf(c);
                span[i] = v < 0 ? c : state.digit(v);
            }
        });
    }
}
