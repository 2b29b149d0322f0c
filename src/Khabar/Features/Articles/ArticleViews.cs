using Khabar.Features.Comments;
using Khabar.Persian;

namespace Khabar.Features.Articles;

// What the article page shows: the published article and its comments as read from the database, and the models of
// its partial views — each named after its partial (ArticleMainView for _ArticleMain.cshtml, CommentsView for
// _Comments.cshtml, …).

/// <summary>A published article as its page shows it, with its service.</summary>
public sealed record PublishedArticle(
    int Id, long Code, string Slug, string Rotitr, string Title, string Lead, string BodyHtml, string? ImageUrl,
    string? ImageCaption, string? Source, DateTime PublishedAt, DateTime UpdatedAt, int ServiceId, string ServiceSlug,
    string ServiceName, string ServiceColor, Storage.ArticleType Type = Storage.ArticleType.News, DateTime? LiveEndedAt = null,
    string? VideoUrl = null, string? VideoPoster = null, bool HasBylines = false, bool HasCorrections = false)
{
    /// <summary>dateModified: the last edit (a correction is one), never before publication.</summary>
    public DateTime Modified => UpdatedAt > PublishedAt ? UpdatedAt : PublishedAt;
}

public sealed record CommentView(
    long Id, long? ParentId, string Name, string? CountryCode, DateTime CreatedAt, string Text, int Likes, int Dislikes, bool IsStaff,
    bool IsFeatured = false)
{
    public List<CommentView> Replies { get; } = [];
}

public sealed record ArticleBodyView(PublishedArticle Article, IReadOnlyList<string> Tags, string ShortUrl, ArticleParts Parts);

public sealed record CommentCounts(int Published, int Pending, int Rejected);

public sealed record ArticleMetaView(PublishedArticle Article, IReadOnlyList<string> Tags, string Origin, string Site, ArticleParts Parts);

public sealed record ArticleMainView(ArticleBodyView Body, IReadOnlyList<ArticleCard> Suggested);

public sealed record CommentFormView(long Code, CommentInput Posted, IReadOnlyDictionary<string, string> Errors, bool Accepted)
{
    public static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    /// <summary>The form as a plain GET shows it: empty, no notice.</summary>
    public static CommentFormView Empty(long code) => new(code, new CommentInput(null, null, null, null), NoErrors, false);

    /// <summary>The form with one message for the whole post (refused, blocked, too many) and what was sent, if it was read.</summary>
    public static CommentFormView Refused(long code, string message, CommentInput? posted = null) =>
        new(code, posted ?? new CommentInput(null, null, null, null), new Dictionary<string, string> { ["form"] = message }, false);
}

public sealed record CommentsView(CommentCounts Counts, IReadOnlyList<CommentView> Comments);

public sealed record ArticleAsideView(
    IReadOnlyList<ArticleCard> Latest, IReadOnlyList<ArticleCard> MostViewed, IReadOnlyList<ArticleCard> MostDiscussed, JalaliDate Today);
