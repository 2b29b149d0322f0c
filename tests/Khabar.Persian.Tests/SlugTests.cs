namespace Khabar.Persian.Tests;

public class SlugTests
{
    [Theory]
    [InlineData("\u062E\u0628\u0631 \u0645\u0647\u0645 \u0627\u0645\u0631\u0648\u0632", "\u062E\u0628\u0631-\u0645\u0647\u0645-\u0627\u0645\u0631\u0648\u0632")]
    [InlineData("\u00AB\u062A\u0648\u0631\u0645\u00BB \u06F3\u06F1 \u062F\u0631\u0635\u062F \u0634\u062F!", "\u062A\u0648\u0631\u0645-31-\u062F\u0631\u0635\u062F-\u0634\u062F")]
    [InlineData("\u0646\u0627\u0645\u0647\u200C\u0627\u06CC", "\u0646\u0627\u0645\u0647-\u0627\u06CC")]
    [InlineData("Hello World", "hello-world")]
    [InlineData("\u0643\u062A\u0627\u0628", "\u06A9\u062A\u0627\u0628")]
    [InlineData("!!!", "")]
    public void Of_Title_GivesReadableSlug(string title, string expected) => Assert.Equal(expected, Slug.Of(title));

    [Fact]
    public void Of_LongTitle_IsCutAtAWordBoundary()
    {
        var slug = Slug.Of(string.Join(' ', Enumerable.Repeat("\u0648\u0627\u0698\u0647\u0654\u0628\u0644\u0646\u062F", 30)));
        Assert.True(slug.Length <= 80);
        Assert.False(slug.EndsWith('-'));
    }
}
