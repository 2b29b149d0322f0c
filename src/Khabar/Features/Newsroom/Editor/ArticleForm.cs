namespace Khabar.Features.Newsroom.Editor;

/// <summary>What the writer sends from the editor.</summary>
public sealed class ArticleForm
{
    public string? Rotitr { get; set; }

    public string? Title { get; set; }

    public string? Lead { get; set; }

    public string? Body { get; set; }

    public int ServiceId { get; set; }

    /// <summary>Tag names separated by commas (, or ،) or new lines.</summary>
    public string? Tags { get; set; }

    public string? ImageCaption { get; set; }

    public string? Source { get; set; }

    /// <summary>UpdatedAt ticks of the version the writer started from: a save over someone else's change is refused.</summary>
    public long Version { get; set; }

    /// <summary>Jalali date (either digit set) and Tehran time for scheduling.</summary>
    public string? ScheduleDate { get; set; }

    public string? ScheduleTime { get; set; }

    public bool RemoveImage { get; set; }

    /// <summary>
    /// Set when a revision was brought back into the editor («بازگردانی»): its lead image ("" = none), kept unless a
    /// new file is chosen or «حذف تصویر» is ticked. Only an image that one of the article's revisions had is taken.
    /// </summary>
    public string? RestoreImage { get; set; }

    /// <summary>The revision brought back into the editor, named in the note of the revision its save makes.</summary>
    public long? RestoredFrom { get; set; }
}

public enum EditorAction
{
    Save,
    Autosave,
    Submit,
    Publish,
    Schedule,
    Unpublish,
}

public sealed record EditorResult(
    Storage.Article? Article, IReadOnlyDictionary<string, string> Errors, bool Forbidden = false, bool Conflict = false,
    IReadOnlyList<string>? Normalized = null, Storage.ArticleRevision? Pending = null)
{
    public bool Succeeded => Article is not null && Errors.Count == 0 && !Forbidden && !Conflict;
}
