using System.Text;
using Khabar.Features.Caching;

namespace Khabar.Tests.Caching;

/// <summary>What the page cache does to a page's markup before it keeps it: indentation goes, nothing else.</summary>
public sealed class MarkupTests
{
    private static string Tighten(string html) => Encoding.UTF8.GetString(Markup.Tighten(Encoding.UTF8.GetBytes(html)));

    [Fact]
    public void Indentation_Goes_LineBreaksAndSpacesBetweenInlineElementsStay()
    {
        var page = "<!DOCTYPE html>\n<html lang=\"fa-IR\" dir=\"rtl\">\n<body>\n    <main>\n        <p><a href=\"/news/1/خبر\">تیتر</a> · <time datetime=\"2026-11-28\">۷ آذر</time></p>\n    </main>\n</body>\n</html>\n";
        var tight = Tighten(page);
        Assert.Contains("\n<main>\n<p><a href=\"/news/1/خبر\">تیتر</a> · <time datetime=\"2026-11-28\">۷ آذر</time></p>\n</main>", tight);
        Assert.DoesNotContain("\n ", tight);
    }

    [Fact]
    public void PreformattedText_Forms_AndScripts_KeepEveryCharacter()
    {
        const string pre = "<pre>  یک\n    دو   سه</pre>";
        const string textarea = "<textarea name=\"text\">  متن\n  نظر</textarea>";
        const string script = "<script type=\"application/ld+json\">{\"name\":  \"خبر\"}</script>";
        var tight = Tighten($"<!DOCTYPE html>\n<html>\n<body>\n    {pre}\n    {textarea}\n    {script}\n</body>\n</html>\n");
        Assert.Contains(pre, tight);
        Assert.Contains(textarea, tight);
        Assert.Contains(script, tight);
    }

    [Fact]
    public void MarkupItCannotParse_IsKeptAsRendered()
    {
        foreach (var broken in new[] { "<div>\n    <!-- بسته نشده\n</div>", "<div>\n    <p class=\"a>متن</p>\n</div>", "<div>\n    <p>متن\n    <\n</div>" })
        {
            Assert.Equal(broken, Tighten(broken));
        }
    }
}
