using Khabar.Features.Caching;
using System.Globalization;
using Khabar.Features.Comments;
using Khabar.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khabar.Features.Articles;

/// <summary>
/// The article page, and the form post of a comment on it (/news/{code}/comments). Both answer with the page's
/// fragments (<see cref="ArticleDocument"/>); a plain GET rarely comes here (<see cref="ArticleFastPath"/> answers it).
/// </summary>
[PublicCache("comment=pending", Tags = [CacheTags.ArticleOfRoute])]
[IgnoreAntiforgeryToken]
[RequestSizeLimit(CommentRules.MaxRequestBytes)] // set before model binding reads a posted form
public sealed class ArticlePageModel(TimeProvider clock, CommentIntake intake, ArticlePageReader pages, ArticleDocument document) : PageModel
{
    public const string CommentsSegment = "comments";

    public const int MinimumFillMilliseconds = 3000;

    public async Task<IActionResult> OnGetAsync(long code, string? slug, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await pages.ArticleAsync(code, now, ct) is not { } data)
        {
            return NotFound();
        }

        if ((slug ?? "") != data.Article.Slug) // a title with no letters has an empty slug: /news/{code} is its address
        {
            return RedirectPermanent(Urls.Ascii(Urls.Article(code, data.Article.Slug)) + Request.QueryString);
        }

        // «?comment=pending»: the form thanks the reader (not the kept empty form).
        var form = Request.Query["comment"] == "pending" ? CommentFormView.Empty(code) with { Accepted = true } : null;
        return await PageAsync(data, form, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Route values read here, not bound as parameters: model binding gives up on every value, route ones
        // included, when the form reader refuses the body, and such a post must still get its Persian 400.
        var code = long.Parse((string)RouteData.Values["code"]!, CultureInfo.InvariantCulture);
        if (RouteData.Values["slug"] as string != CommentsSegment)
        {
            return NotFound();
        }

        if (CrossSite.IsCrossSitePost(HttpContext))
        {
            return CrossSite.Refuse(HttpContext);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (form, refused) = await Forms.ReadAsync(Request, ct);
        if (refused is { } failure)
        {
            // A body the form reader cannot take (bytes that are not UTF-8, a NUL, too large): nothing is kept.
            return await AnswerAsync(code, failure.Status, CommentFormView.Refused(code, failure.Message), ct);
        }

        var posted = new CommentInput(form["name"], form["email"], form["text"], long.TryParse(form["parentId"], out var parent) ? parent : null);
        if (!string.IsNullOrEmpty(form["website"]) || IsTooQuick(form["elapsed"]))
        {
            // The honeypot: only bots fill a field people never see. They get the usual answer and nothing is kept.
            return await pages.ArticleAsync(code, now, ct) is { } data ? SeeOther(code, data.Article.Slug) : NotFound();
        }

        var result = await intake.SubmitAsync(code, posted, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        return result.Outcome switch
        {
            CommentOutcome.ArticleNotFound => NotFound(),
            // An accepted comment only needs the slug for the redirect; the page itself is rendered by the GET that follows.
            CommentOutcome.Accepted => await pages.ArticleAsync(code, now, ct) is { } data ? SeeOther(code, data.Article.Slug) : NotFound(),
            CommentOutcome.Blocked => await AnswerAsync(code, StatusCodes.Status403Forbidden, CommentFormView.Refused(code, CommentMessages.Blocked, posted), ct),
            CommentOutcome.RateLimited => await RateLimitedAsync(code, posted, result, ct),
            _ => await AnswerAsync(code, StatusCodes.Status400BadRequest, new CommentFormView(code, posted, result.Errors!, false), ct),
        };
    }

    private async Task<IActionResult> RateLimitedAsync(long code, CommentInput posted, CommentResult result, CancellationToken ct)
    {
        WindowCounter.SetRetryAfter(Response, result.RetryAfter);
        return await AnswerAsync(code, StatusCodes.Status429TooManyRequests, CommentFormView.Refused(code, result.Message ?? CommentMessages.RateLimited, posted), ct);
    }

    /// <summary>
    /// The form was sent less than three seconds after the page showed it (site.js fills "elapsed"): a script,
    /// not a reader. Without script the field stays empty and nothing is assumed.
    /// </summary>
    private static bool IsTooQuick(string? elapsed) =>
        int.TryParse(elapsed, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms < MinimumFillMilliseconds;

    private StatusCodeResult SeeOther(long code, string slug)
    {
        Response.Headers.Location = Urls.Ascii(Urls.Article(code, slug)) + "?comment=pending#comment-form";
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>The page again with the form as posted and its errors, under the given status.</summary>
    private async Task<IActionResult> AnswerAsync(long code, int status, CommentFormView form, CancellationToken ct)
    {
        if (await pages.ArticleAsync(code, clock.GetUtcNow().UtcDateTime, ct) is not { } data)
        {
            return NotFound();
        }

        Response.StatusCode = status;
        return await PageAsync(data, form, ct);
    }

    private async Task<IActionResult> PageAsync(SiteDataCache.ArticleData data, CommentFormView? form, CancellationToken ct)
    {
        var page = await pages.PageAsync(data, clock.GetUtcNow().UtcDateTime, ct);
        return new FragmentsResult(await document.RenderAsync(HttpContext, page, form));
    }

    private sealed class FragmentsResult(byte[][] parts) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => ArticleDocument.WriteAsync(context.HttpContext, parts);
    }
}
