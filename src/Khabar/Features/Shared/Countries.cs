using System.Collections.Frozen;
using System.Globalization;

namespace Khabar.Features.Shared;

/// <summary>Persian names and flags of countries, by ISO 3166 alpha-2 code.</summary>
public static class Countries
{
    private const string Table =
        "AD:آندورا|AE:امارات متحده عربی|AF:افغانستان|AG:آنتیگوا و باربودا|AL:آلبانی|AM:ارمنستان|AO:آنگولا|AR:آرژانتین|" +
        "AT:اتریش|AU:استرالیا|AZ:جمهوری آذربایجان|BA:بوسنی و هرزگوین|BB:باربادوس|BD:بنگلادش|BE:بلژیک|BF:بورکینافاسو|" +
        "BG:بلغارستان|BH:بحرین|BI:بوروندی|BJ:بنین|BN:برونئی|BO:بولیوی|BR:برزیل|BS:باهاما|BT:بوتان|BW:بوتسوانا|" +
        "BY:بلاروس|BZ:بلیز|CA:کانادا|CD:کنگو (کینشاسا)|CF:جمهوری آفریقای مرکزی|CG:کنگو (برازاویل)|CH:سوئیس|" +
        "CI:ساحل عاج|CL:شیلی|CM:کامرون|CN:چین|CO:کلمبیا|CR:کاستاریکا|CU:کوبا|CV:کیپ ورد|CY:قبرس|CZ:جمهوری چک|" +
        "DE:آلمان|DJ:جیبوتی|DK:دانمارک|DM:دومینیکا|DO:جمهوری دومینیکن|DZ:الجزایر|EC:اکوادور|EE:استونی|EG:مصر|" +
        "ER:اریتره|ES:اسپانیا|ET:اتیوپی|FI:فنلاند|FJ:فیجی|FR:فرانسه|GA:گابن|GB:بریتانیا|GD:گرنادا|GE:گرجستان|" +
        "GH:غنا|GM:گامبیا|GN:گینه|GQ:گینه استوایی|GR:یونان|GT:گواتمالا|GW:گینه بیسائو|GY:گویان|HK:هنگ کنگ|" +
        "HN:هندوراس|HR:کرواسی|HT:هائیتی|HU:مجارستان|ID:اندونزی|IE:ایرلند|IL:اسرائیل|IN:هند|IQ:عراق|IR:ایران|" +
        "IS:ایسلند|IT:ایتالیا|JM:جامائیکا|JO:اردن|JP:ژاپن|KE:کنیا|KG:قرقیزستان|KH:کامبوج|KM:کومور|KP:کره شمالی|" +
        "KR:کره جنوبی|KW:کویت|KZ:قزاقستان|LA:لائوس|LB:لبنان|LI:لیختن\u200Cاشتاین|LK:سری\u200Cلانکا|LR:لیبریا|LS:لسوتو|" +
        "LT:لیتوانی|LU:لوکزامبورگ|LV:لتونی|LY:لیبی|MA:مراکش|MC:موناکو|MD:مولداوی|ME:مونته\u200Cنگرو|MG:ماداگاسکار|" +
        "MK:مقدونیه شمالی|ML:مالی|MM:میانمار|MN:مغولستان|MO:ماکائو|MR:موریتانی|MT:مالت|MU:موریس|MV:مالدیو|MW:مالاوی|" +
        "MX:مکزیک|MY:مالزی|MZ:موزامبیک|NA:نامیبیا|NE:نیجر|NG:نیجریه|NI:نیکاراگوئه|NL:هلند|NO:نروژ|NP:نپال|" +
        "NZ:نیوزیلند|OM:عمان|PA:پاناما|PE:پرو|PG:پاپوآ گینه نو|PH:فیلیپین|PK:پاکستان|PL:لهستان|PR:پورتوریکو|" +
        "PS:فلسطین|PT:پرتغال|PY:پاراگوئه|QA:قطر|RO:رومانی|RS:صربستان|RU:روسیه|RW:رواندا|SA:عربستان سعودی|" +
        "SC:سیشل|SD:سودان|SE:سوئد|SG:سنگاپور|SI:اسلوونی|SK:اسلواکی|SL:سیرالئون|SM:سان مارینو|SN:سنگال|" +
        "SO:سومالی|SR:سورینام|SS:سودان جنوبی|SV:السالوادور|SY:سوریه|SZ:اسواتینی|TD:چاد|TG:توگو|TH:تایلند|" +
        "TJ:تاجیکستان|TL:تیمور شرقی|TM:ترکمنستان|TN:تونس|TR:ترکیه|TT:ترینیداد و توباگو|TW:تایوان|TZ:تانزانیا|" +
        "UA:اوکراین|UG:اوگاندا|US:ایالات متحده آمریکا|UY:اروگوئه|UZ:ازبکستان|VA:واتیکان|VE:ونزوئلا|VN:ویتنام|" +
        "YE:یمن|ZA:آفریقای جنوبی|ZM:زامبیا|ZW:زیمبابوه|XK:کوزوو|GL:گرینلند|NC:کالدونیای جدید|PF:پلی\u200Cنزی فرانسه|" +
        "RE:رئونیون|GI:جبل\u200Cالطارق|IM:جزیره من|JE:جرزی|GG:گرنزی|FO:جزایر فارو|AX:جزایر الند|BM:برمودا|KY:جزایر کیمن|" +
        "VG:جزایر ویرجین بریتانیا|VI:جزایر ویرجین آمریکا|GU:گوام|AW:آروبا|CW:کوراسائو|SX:سینت مارتن|LC:سنت لوسیا|" +
        "VC:سنت وینسنت و گرنادین\u200Cها|KN:سنت کیتس و نویس|WS:ساموآ|TO:تونگا|VU:وانواتو|SB:جزایر سلیمان|KI:کیریباتی|" +
        "FM:میکرونزی|MH:جزایر مارشال|PW:پالائو|NR:نائورو|TV:تووالو|ST:سائوتومه و پرنسیپ|EH:صحرای غربی|" +
        "MQ:مارتینیک|GP:گوادلوپ|GF:گویان فرانسه|YT:مایوت|PM:سن پیر و میکلن|BQ:جزایر کارائیب هلند|AI:آنگویلا|" +
        "MS:مونتسرات|TC:جزایر تورکس و کایکوس|FK:جزایر فالکلند|AS:ساموآی آمریکا|MP:جزایر ماریانای شمالی|CK:جزایر کوک|" +
        "NU:نیووی|TK:توکلائو|WF:والیس و فوتونا|NF:جزیره نورفک|CX:جزیره کریسمس|CC:جزایر کوکوس|IO:قلمرو بریتانیا در اقیانوس هند|" +
        "SH:سنت هلنا|BL:سن بارتلمی|MF:سن مارتن|SJ:سوالبارد و یان ماین|AQ:جنوبگان|EU:اتحادیه اروپا";

    private static readonly FrozenDictionary<string, string> Names = Table
        .Split('|')
        .Select(pair => pair.Split(':', 2))
        .ToFrozenDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);

    /// <summary>Persian name of a country, the English name for a code missing from the table, or null.</summary>
    public static string? PersianName(string? code)
    {
        if (code is not { Length: 2 })
        {
            return null;
        }

        if (Names.TryGetValue(code, out var name))
        {
            return name;
        }

        return EnglishName(code);
    }

    /// <summary>English name of a country, as GeoIP databases give it ("Netherlands"), or null.</summary>
    public static string? EnglishName(string? code) =>
        code is { Length: 2 } ? EnglishNames.GetOrAdd(code, static c => LookUpEnglishName(c)) : null;

    // RegionInfo is costly to build (ICU data, a finalizer): each country's name is looked up once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> EnglishNames = new(StringComparer.OrdinalIgnoreCase);

    private static string? LookUpEnglishName(string code)
    {
        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The flag emoji of a country: its code as two regional indicator symbols.</summary>
    public static string Flag(string? code)
    {
        if (code is not { Length: 2 } || !char.IsAsciiLetter(code[0]) || !char.IsAsciiLetter(code[1]))
        {
            return "";
        }

        const int regionalIndicatorA = 0x1F1E6;
        var upper = code.ToUpperInvariant();
        return char.ConvertFromUtf32(regionalIndicatorA + upper[0] - 'A') + char.ConvertFromUtf32(regionalIndicatorA + upper[1] - 'A');
    }
}
