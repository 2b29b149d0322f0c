namespace Khabar.Storage;

public enum ArticleStatus
{
    Draft = 0,
    InReview = 1,
    Scheduled = 2,
    Published = 3,
    Unpublished = 4,
}

public enum CommentStatus
{
    Pending = 0,
    Published = 1,
    Rejected = 2,
}

/// <summary>A desk of the newsroom (سرویس): سیاسی، اقتصادی، بین\u200Cالملل …</summary>
public sealed class Service
{
    public int Id { get; set; }

    /// <summary>URL name, ASCII or Persian: /service/{slug}.</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    /// <summary>Accent colour of the desk, a CSS hex colour.</summary>
    public string Color { get; set; } = "#0b5cad";

    public int SortOrder { get; set; }

    public List<Article> Articles { get; set; } = [];
}

public sealed class Article
{
    public int Id { get; set; }

    /// <summary>The public news code (کد خبر): unique, numeric, permanent.</summary>
    public long Code { get; set; }

    public string Rotitr { get; set; } = "";

    public required string Title { get; set; }

    public string Lead { get; set; } = "";

    /// <summary>Sanitized HTML, normalized for storage.</summary>
    public string BodyHtml { get; set; } = "";

    /// <summary>Canonical URL slug derived from the title.</summary>
    public string Slug { get; set; } = "";

    public int ServiceId { get; set; }

    public Service? Service { get; set; }

    public string? ImageUrl { get; set; }

    public string? ImageCaption { get; set; }

    public string? Source { get; set; }

    public ArticleStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? PublishedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public long ViewCount { get; set; }

    /// <summary>The newsroom member who wrote it (null for imported articles).</summary>
    public string? AuthorId { get; set; }

    public string AuthorName { get; set; } = "";

    /// <summary>Position among the home page's lead slots, set by editors (1 = the lead story); null = by time.</summary>
    public int? HomeSlot { get; set; }

    public ArticleType Type { get; set; }

    /// <summary>A live article's coverage ended at (then the page says «پایان پوشش زنده»); null while it goes on.</summary>
    public DateTime? LiveEndedAt { get; set; }

    /// <summary>«خبر فوری» until this instant: the strip on every page shows it while it is in the future.</summary>
    public DateTime? BreakingUntil { get; set; }

    /// <summary>A video article's video: a file on this site (/media/…) or an embed address on an allowed host.</summary>
    public string? VideoUrl { get; set; }

    public string? VideoPoster { get; set; }

    /// <summary>The newest correction's date: the feeds list a corrected article again at that time.</summary>
    public DateTime? CorrectedAt { get; set; }

    public List<ArticleByline> Bylines { get; set; } = [];

    public List<LiveEntry> LiveEntries { get; set; } = [];

    public List<ArticlePhoto> Photos { get; set; } = [];

    public List<Correction> Corrections { get; set; } = [];

    public List<Tag> Tags { get; set; } = [];

    public List<ArticleRevision> Revisions { get; set; } = [];

    public List<Comment> Comments { get; set; } = [];
}

public sealed class Tag
{
    public int Id { get; set; }

    /// <summary>The tag as shown and as used in /tag/{name}, normalized for storage.</summary>
    public required string Name { get; set; }

    public List<Article> Articles { get; set; } = [];
}

public sealed class Comment
{
    public long Id { get; set; }

    public int ArticleId { get; set; }

    public Article? Article { get; set; }

    /// <summary>One level of replies: a reply's parent is always a top-level comment.</summary>
    public long? ParentId { get; set; }

    public Comment? Parent { get; set; }

    public required string Name { get; set; }

    /// <summary>Private: shown to moderators only, never in a page or public API.</summary>
    public string Email { get; set; } = "";

    public required string Text { get; set; }

    public CommentStatus Status { get; set; }

    /// <summary>ISO 3166 alpha-2 code from the GeoIP lookup at submission, or null when unknown.</summary>
    public string? CountryCode { get; set; }

    public string Ip { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public int Likes { get; set; }

    public int Dislikes { get; set; }

    /// <summary>Why a moderator (or a banned word) rejected it; never shown to readers.</summary>
    public string? RejectionReason { get; set; }

    public DateTime? ModeratedAt { get; set; }

    public string? ModeratedBy { get; set; }

    /// <summary>A reply written by the newsroom: published at once and shown highlighted.</summary>
    public bool IsStaff { get; set; }

    /// <summary>«نظر برگزیده»: featured by a moderator, shown first and marked.</summary>
    public bool IsFeatured { get; set; }

    /// <summary>
    /// 64 bits of the SHA-256 of the text's search key (0 when not computed): the same text on the same article is
    /// found with one index lookup however it is spelled (Arabic ي/ك, ZWNJ, digits), after a restart too.
    /// </summary>
    public long TextKey { get; set; }
}

/// <summary>One like or dislike per visitor and comment.</summary>
public sealed class CommentVote
{
    public long CommentId { get; set; }

    public required string VisitorId { get; set; }

    public bool IsLike { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One change readers would see (<see cref="Features.Shared.ContentChanges"/>), kept a few minutes so that other
/// processes on the same database apply it too.
/// </summary>
public sealed class ContentChangeRecord
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>A <see cref="Features.Shared.ChangeKind"/>.</summary>
    public int Kind { get; set; }

    public long ArticleCode { get; set; }

    /// <summary>The process that wrote it (it applied the change itself).</summary>
    public string Origin { get; set; } = "";
}

/// <summary>A saved state of an article: every save keeps one, to compare and restore.</summary>
public sealed class ArticleRevision
{
    public long Id { get; set; }

    public int ArticleId { get; set; }

    public DateTime At { get; set; }

    public string UserName { get; set; } = "";

    public string Rotitr { get; set; } = "";

    public string Title { get; set; } = "";

    public string Lead { get; set; } = "";

    public string BodyHtml { get; set; } = "";

    public int ServiceId { get; set; }

    /// <summary>Tag names, one per line.</summary>
    public string Tags { get; set; } = "";

    public string? ImageUrl { get; set; }

    public string? ImageCaption { get; set; }

    public string? Source { get; set; }

    public string Note { get; set; } = "";

    /// <summary>
    /// Changes to a live article saved without publishing them (autosave, «ذخیره»): readers keep the published
    /// text until someone publishes; the editor opens with these changes while they are newer than the article.
    /// </summary>
    public bool Pending { get; set; }
}
