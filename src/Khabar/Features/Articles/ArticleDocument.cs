using System.Globalization;
using System.Buffers;
using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Persian;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Articles;

/// <summary>
/// The one definition of the article page: its fragments top to bottom — each a partial view — with the keys they are
/// kept under in the <see cref="FragmentCache"/>. The page's markup lives in those partials only; the page handler
/// (<see cref="ArticlePageModel"/>) and the fast path (<see cref="ArticleFastPath"/>) both write what this returns.
/// </summary>
public sealed class ArticleDocument(
    FragmentCache fragments, SiteNavigation navigation, BreakingNews breaking, IOptions<KhabarOptions> options, TimeProvider clock)
{
    /// <summary>The page's fragments in order; <paramref name="form"/> null is the empty form a plain GET shows (kept).</summary>
    public async ValueTask<Fragment[]> FragmentsAsync(HttpContext context, ArticlePageContent page, CommentFormView? form)
    {
        var a = page.Article;
        var origin = Feeds.Feeds.Origin(context);
        var shortUrl = SiteOrigin.Of(context) + Urls.ShortLink(a.Code);
        var site = options.Value.SiteName;
        await navigation.ServicesAsync(context.RequestAborted);
        await breaking.CurrentAsync(context.RequestAborted);
        var day = Jalali.ToTehran(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return
        [
            // <head> (with the article's metadata), masthead and menus, down to the opening of <main>.
            new("/Features/Shared/_LayoutTop.cshtml", $"top:{page.ArticleKey}:{origin}:{navigation.Stamp}:{breaking.Stamp}:{day}", () => new LayoutTop(
                a.Title, a.Lead, Urls.Article(a.Code, a.Slug), a.ServiceSlug, IsHome: false, Head: null,
                HeadView: "/Features/Articles/_ArticleMeta.cshtml", HeadModel: page.Meta(origin, site))),
            // Opens the two columns and the article; the article and «اخبار پیشنهادی».
            new("/Features/Articles/_ArticleMain.cshtml", $"main:{page.ArticleKey}:{shortUrl}", () => page.Main(shortUrl)),
            form is null
                ? new("/Features/Articles/_CommentForm.cshtml", "form:" + a.Code.ToString(CultureInfo.InvariantCulture), () => CommentFormView.Empty(a.Code))
                : new("/Features/Articles/_CommentForm.cshtml", null, () => form),
            new("/Features/Articles/_Comments.cshtml", "comments:" + page.CommentsKey, () => page.CommentList),
            // Closes the article; «آخرین اخبار» and the most read; closes the columns.
            new("/Features/Articles/_ArticleAside.cshtml", "aside:" + page.ListsKey, () => page.Aside),
            new("/Features/Shared/_LayoutBottom.cshtml", "bottom", () => null),
        ];
    }

    /// <summary>The page's bytes, fragment by fragment.</summary>
    public async ValueTask<byte[][]> RenderAsync(HttpContext context, ArticlePageContent page, CommentFormView? form) =>
        await fragments.RenderAsync(context, await FragmentsAsync(context, page, form));

    /// <summary>Writes the page: one HTML response of the fragments' bytes, its length known before the first byte.</summary>
    public static async Task WriteAsync(HttpContext context, byte[][] parts)
    {
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        var length = 0L;
        foreach (var part in parts)
        {
            length += part.Length;
        }

        response.ContentLength = length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var body = response.BodyWriter;
        foreach (var part in parts)
        {
            body.Write(part);
        }

        await body.FlushAsync(context.RequestAborted);
    }
}
