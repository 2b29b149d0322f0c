using Khabar.Features.Caching;
using Khabar.Persian;
using System.Globalization;
using Khabar.Features.Comments;
using Khabar.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Khabar.Features.Articles;

public sealed record ArticleView(
    int Id, long Code, string Slug, string Rotitr, string Title, string Lead, string BodyHtml, string? ImageUrl,
    string? ImageCaption, string? Source, DateTime PublishedAt, DateTime UpdatedAt, int ServiceId, string ServiceSlug,
    string ServiceName, string ServiceColor);

public sealed record CommentView(
    long Id, long? ParentId, string Name, string? CountryCode, DateTime CreatedAt, string Text, int Likes, int Dislikes, bool IsStaff)
{
    public List<CommentView> Replies { get; } = [];
}

public sealed record ArticleBodyView(ArticleView Article, IReadOnlyList<string> Tags, string ShortUrl);

public sealed record CommentCounts(int Published, int Pending, int Rejected);

public sealed record ArticleMetaView(ArticleView Article, IReadOnlyList<string> Tags, string Origin, string Site);

public sealed record ArticleMainView(ArticleBodyView Body, IReadOnlyList<ArticleCard> Suggested);

public sealed record CommentFormView(long Code, CommentInput Posted, IReadOnlyDictionary<string, string> Errors, bool Accepted)
{
    public static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    /// <summary>The form as a plain GET shows it: empty, no notice.</summary>
    public static CommentFormView Empty(long code) => new(code, new CommentInput(null, null, null, null), NoErrors, false);
}

public sealed record CommentsView(CommentCounts Counts, IReadOnlyList<CommentView> Comments);

public sealed record ArticleAsideView(IReadOnlyList<ArticleCard> Latest, IReadOnlyList<ArticleCard> MostViewed, JalaliDate Today);

/// <summary>The article page, and the form post of a comment on it (/news/{code}/comments).</summary>
[PublicCache("comment=pending", Tags = [CacheTags.ArticleOfRoute])]
[IgnoreAntiforgeryToken]
[RequestSizeLimit(CommentRules.MaxRequestBytes)] // set before model binding reads a posted form
public sealed class ArticleModel(TimeProvider clock, CommentIntake intake, ArticlePages pages) : PublicPageModel
{
    public const string CommentsSegment = "comments";

    public ArticleView Article { get; private set; } = null!;

    public IReadOnlyList<string> Tags { get; private set; } = [];

    /// <summary>What the page shows besides the form, with the keys of its fragments (null until loaded with comments).</summary>
    public ArticlePage Data { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = CommentFormView.NoErrors;

    public CommentInput Posted { get; private set; } = new(null, null, null, null);

    public bool CommentAccepted => Request.Query["comment"] == "pending";

    public async Task<IActionResult> OnGetAsync(long code, string? slug, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        if ((slug ?? "") != Article.Slug) // a title with no letters has an empty slug: /news/{code} is its address
        {
            return RedirectPermanent(Urls.Ascii(Urls.Article(code, Article.Slug)) + Request.QueryString);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Route values read here, not bound as parameters: model binding gives up on every value, route ones
        // included, when the form reader refuses the body, and such a post must still get its Persian 400.
        var code = long.Parse((string)RouteData.Values["code"]!, CultureInfo.InvariantCulture);
        var slug = RouteData.Values["slug"] as string;
        if (slug != CommentsSegment)
        {
            return NotFound();
        }

        if (CrossSite.IsCrossSitePost(HttpContext))
        {
            return CrossSite.Refuse(HttpContext);
        }

        var (form, refused) = await Forms.ReadAsync(Request, ct);
        if (refused is { } failure)
        {
            // A body the form reader cannot take (bytes that are not UTF-8, a NUL, too large): nothing is kept.
            Errors = new Dictionary<string, string> { ["form"] = failure.Message };
            Response.StatusCode = failure.Status;
            return await LoadAsync(code, ct) ? Page() : NotFound();
        }

        Posted = new CommentInput(form["name"], form["email"], form["text"],
            long.TryParse(form["parentId"], out var parent) ? parent : null);
        if (!string.IsNullOrEmpty(form["website"]) || IsTooQuick(form["elapsed"]))
        {
            // The honeypot: only bots fill a field people never see. They get the usual answer and nothing is kept.
            return await LoadAsync(code, ct, withComments: false) ? SeeOther(code) : NotFound();
        }

        var result = await intake.SubmitAsync(code, Posted, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        // An accepted comment only needs the slug for the redirect; the page itself is rendered by the GET that follows.
        if (result.Outcome == CommentOutcome.ArticleNotFound || !await LoadAsync(code, ct, withComments: result.Outcome != CommentOutcome.Accepted))
        {
            return NotFound();
        }

        switch (result.Outcome)
        {
            case CommentOutcome.Accepted:
                return SeeOther(code);
            case CommentOutcome.Blocked:
                Errors = new Dictionary<string, string> { ["form"] = CommentMessages.Blocked };
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            case CommentOutcome.RateLimited:
                Errors = new Dictionary<string, string> { ["form"] = result.Message ?? CommentMessages.RateLimited };
                WindowCounter.SetRetryAfter(Response, result.RetryAfter);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Page();
            default:
                Errors = result.Errors!;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }

    /// <summary>
    /// The form was sent less than three seconds after the page showed it (site.js fills "elapsed"): a script,
    /// not a reader. Without script the field stays empty and nothing is assumed.
    /// </summary>
    private static bool IsTooQuick(string? elapsed) =>
        int.TryParse(elapsed, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms < MinimumFillMilliseconds;

    public const int MinimumFillMilliseconds = 3000;

    private StatusCodeResult SeeOther(long code)
    {
        Response.Headers.Location = Urls.Ascii(Urls.Article(code, Article.Slug)) + "?comment=pending#comment-form";
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private async Task<bool> LoadAsync(long code, CancellationToken ct, bool withComments = true)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var data = await pages.ArticleAsync(code, now, ct);
        if (data is null)
        {
            return false;
        }

        var article = data.Article;
        Article = article;
        PageTitle = article.Title;
        Description = article.Lead;
        CanonicalPath = Urls.Article(article.Code, article.Slug);
        ActiveService = article.ServiceSlug;
        Tags = data.Tags;
        if (!withComments)
        {
            return true;
        }

        Data = await pages.PageAsync(data, now, ct);
        return true;
    }
}
