using System.Globalization;
using Khabar.Features.Comments;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

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

/// <summary>The article page, and the form post of a comment on it (/news/{code}/comments).</summary>
[PublicCache]
[IgnoreAntiforgeryToken]
[RequestSizeLimit(CommentRules.MaxRequestBytes)] // set before model binding reads a posted form
public sealed class ArticleModel(NewsDb db, TimeProvider clock, CommentIntake intake, Search.ISearchIndex search, SiteLists lists) : PublicPageModel
{
    public const string CommentsSegment = "comments";

    public ArticleView Article { get; private set; } = null!;

    public IReadOnlyList<string> Tags { get; private set; } = [];

    public CommentCounts Counts { get; private set; } = new(0, 0, 0);

    public IReadOnlyList<CommentView> Comments { get; private set; } = [];

    public IReadOnlyList<ArticleCard> Suggested { get; private set; } = [];

    public IReadOnlyList<ArticleCard> Latest { get; private set; } = [];

    public IReadOnlyList<ArticleCard> MostViewed { get; private set; } = [];

    /// <summary>
    /// Keys of the HTML fragments Article.cshtml renders once and reuses (the &lt;cache&gt; tag helper): each is made of
    /// the stamps of the data behind the fragment (<see cref="SiteLists.Stamped"/>), so new data means a new key.
    /// </summary>
    public string ArticleKey { get; private set; } = "";

    public string CommentsKey { get; private set; } = "";

    public string ListsKey { get; private set; } = "";

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

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
        var data = await lists.PublishedArticleAsync(db, code, now, ct);
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

        var comments = await lists.CommentsAsync(article.Code, async () =>
            new SiteLists.ArticleComments(await CountCommentsAsync(article.Id, ct), await PublishedCommentsAsync(article.Id, ct)));
        Counts = comments.Counts;
        Comments = comments.Comments;
        var suggested = await lists.SuggestedAsync(article.Id, () => SuggestedAsync(article, now, ct));
        Suggested = suggested.Cards;
        var shared = await lists.GetAsync(db, now, ct);
        Latest = [.. shared.Latest.Take(8)];
        MostViewed = [.. shared.MostViewed.Take(5)];
        ArticleKey = string.Create(CultureInfo.InvariantCulture, $"{article.Code}:{data.Stamp}:{suggested.Stamp}");
        CommentsKey = string.Create(CultureInfo.InvariantCulture, $"{article.Code}:{comments.Stamp}");
        ListsKey = string.Create(CultureInfo.InvariantCulture, $"{shared.Stamp}");
        return true;
    }

    /// <summary>«اخبار پیشنهادی»: the most similar articles by key terms; shared tags and service when the index finds none.</summary>
    private async Task<IReadOnlyList<ArticleCard>> SuggestedAsync(ArticleView article, DateTime now, CancellationToken ct)
    {
        var terms = Search.KeyTerms.Of(article.Title, article.Rotitr, article.Lead, Tags);
        var codes = await search.SimilarAsync(db, article.Id, terms, article.ServiceId, now, 5, ct);
        if (codes.Count == 0)
        {
            return await ArticleQueries.SuggestedAsync(db, article.Id, article.ServiceId, now, 5, ct);
        }

        var cards = await db.Published(now).Where(a => codes.Contains(a.Code)).ToCards().ToListAsync(ct);
        return [.. codes.Select(c => cards.FirstOrDefault(card => card.Code == c)).OfType<ArticleCard>()];
    }

    private async Task<CommentCounts> CountCommentsAsync(int articleId, CancellationToken ct)
    {
        var counts = await db.Comments.AsNoTracking().Where(c => c.ArticleId == articleId)
            .GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(CommentStatus s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        return new CommentCounts(Of(CommentStatus.Published), Of(CommentStatus.Pending), Of(CommentStatus.Rejected));
    }

    private async Task<List<CommentView>> PublishedCommentsAsync(int articleId, CancellationToken ct)
    {
        var all = await db.Comments.AsNoTracking()
            .Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Published)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new CommentView(c.Id, c.ParentId, c.Name, c.CountryCode, c.CreatedAt, c.Text, c.Likes, c.Dislikes, c.IsStaff))
            .ToListAsync(ct);
        var top = all.Where(c => c.ParentId is null).ToDictionary(c => c.Id);
        foreach (var reply in all.Where(c => c.ParentId is not null))
        {
            if (top.TryGetValue(reply.ParentId!.Value, out var parent))
            {
                parent.Replies.Add(reply);
            }
        }

        // Newest conversation first; replies read in the order they were written.
        return [.. top.Values.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)];
    }
}
