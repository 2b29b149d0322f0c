using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Khabar.Features.Articles;
using Khabar.Persian;

BenchmarkSwitcher.FromAssembly(typeof(Khabar.Benchmarks.PersianTextBenchmarks).Assembly).Run(args);

namespace Khabar.Benchmarks
{
/// <summary>Inputs as the wire delivers them: Arabic letters, ASCII digits, stray and doubled ZWNJ.</summary>
internal static class Inputs
{
    public const string Paragraph =
        "خبرگزاريها گزارش دادند كه نمايندگان مجلس روز سه\u200C\u200Cشنبه 14 آبان درباره بودجه سال 1405 و طرح " +
        "شفافيت آراء بحث كردند؛ رئيس كميسيون گفت اين طرح پس از بررسي در كميته\u200Cها به صحن بازمي\u200Cگردد.";

    public const string Body =
        "<p class=\"MsoNormal\" style=\"mso-line-height:1\"><span lang=\"FA\">نمايندگان مجلس امروز درباره <b>بودجه</b> " +
        "سال 1405 گفت\u200Cوگو كردند.</span><o:p></o:p></p><p onclick=\"steal()\">بند دوم با <a href=\"javascript:alert(1)\">پيوند</a> " +
        "و <img src=\"x\" onerror=\"alert(1)\"> تصوير.</p><script>alert('x')</script><table><tr><td>جدول</td></tr></table>" +
        "<p>بند سوم: وزير اقتصاد گفت تورم ماهانه به 2.5 درصد رسيد و بانك مركزي سياست تازه\u200Cاي را اعلام مي\u200Cكند.</p>";
}

[MemoryDiagnoser]
public class PersianTextBenchmarks
{
    [Benchmark(Description = "PersianText.Normalize (wire paragraph)")]
    public string Normalize() => PersianText.Normalize(Inputs.Paragraph);

    [Benchmark(Description = "SearchKey.Of (wire paragraph)")]
    public string SearchKeyOf() => SearchKey.Of(Inputs.Paragraph);
}

[MemoryDiagnoser]
public class JalaliBenchmarks
{
    private static readonly DateTime Instant = new(2022, 4, 19, 17, 40, 0, DateTimeKind.Utc);

    [Benchmark(Description = "Jalali.FormatDateTime (Tehran time, Persian digits)")]
    public string FormatDateTime() => Jalali.FormatDateTime(Instant);

    [Benchmark(Description = "Jalali.FormatLongDate")]
    public string FormatLongDate() => Jalali.FormatLongDate(Instant);
}

[MemoryDiagnoser]
public class SanitizerBenchmarks
{
    [Benchmark(Description = "BodyHtml.Clean (Word paste with script, 700 chars)")]
    public string Clean() => BodyHtml.Clean(Inputs.Body);
}
}
