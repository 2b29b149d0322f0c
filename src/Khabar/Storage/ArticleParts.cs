namespace Khabar.Storage;

/// <summary>What kind of story an article is: its page, its JSON-LD and its listings follow from it.</summary>
public enum ArticleType
{
    /// <summary>A plain news story.</summary>
    News = 0,

    /// <summary>«لحظه به لحظه»: live coverage of an event, entry by entry.</summary>
    Live = 1,

    /// <summary>«گزارش تصویری»: an ordered set of photos with captions and credits.</summary>
    Photo = 2,

    /// <summary>«فیلم»: one video, uploaded or embedded from an allowed host.</summary>
    Video = 3,
}

/// <summary>A name an article is signed with: a newsroom member or someone outside it (an agency's reporter).</summary>
public sealed class Author
{
    public int Id { get; set; }

    /// <summary>The name as shown, normalized.</summary>
    public required string Name { get; set; }

    /// <summary>URL name: /author/{slug}.</summary>
    public required string Slug { get; set; }

    /// <summary>The newsroom member behind the name, if any.</summary>
    public string? UserId { get; set; }
}

/// <summary>One author of an article, in byline order.</summary>
public sealed class ArticleByline
{
    public int ArticleId { get; set; }

    public int AuthorId { get; set; }

    public Author? Author { get; set; }

    public int Position { get; set; }
}

/// <summary>One entry of a live article: a time, a text, maybe an image; key events are pinned above the rest.</summary>
public sealed class LiveEntry
{
    public long Id { get; set; }

    public int ArticleId { get; set; }

    /// <summary>When it happened (as the page shows it).</summary>
    public DateTime At { get; set; }

    /// <summary>Sanitized HTML (the article body's rules).</summary>
    public string Text { get; set; } = "";

    public string? ImageUrl { get; set; }

    /// <summary>«رویداد کلیدی»: shown first.</summary>
    public bool IsKey { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";
}

/// <summary>One photo of a photo report, in order.</summary>
public sealed class ArticlePhoto
{
    public int Id { get; set; }

    public int ArticleId { get; set; }

    public int Position { get; set; }

    public required string ImageUrl { get; set; }

    public string Caption { get; set; } = "";

    /// <summary>«عکس: …»: the photographer or agency.</summary>
    public string Credit { get; set; } = "";
}

/// <summary>«اصلاحیه»: a dated note an editor adds to a published article.</summary>
public sealed class Correction
{
    public int Id { get; set; }

    public int ArticleId { get; set; }

    public DateTime At { get; set; }

    public string Text { get; set; } = "";

    public string CreatedBy { get; set; } = "";
}
