using System.Globalization;
using System.Text.Json.Serialization;
using Khabar.Features.Articles;
using Khabar.Storage;

namespace Khabar.Features.Import;

/// <summary>The optional fields of the article types (live, photo, video), bylines, corrections and «خبر فوری».</summary>
public sealed partial class ImportLine
{
    public const int MaxAuthors = 10;
    public const int MaxPhotos = 200;
    public const int MaxLiveEntries = 2000;
    public const int MaxCorrections = 50;

    public string? Type { get; set; }

    public List<string?>? Authors { get; set; }

    public List<ImportLiveEntry?>? Live { get; set; }

    [JsonPropertyName("live_ended_at")]
    public string? LiveEndedAt { get; set; }

    public List<ImportPhoto?>? Photos { get; set; }

    public ImportVideo? Video { get; set; }

    public List<ImportCorrection?>? Corrections { get; set; }

    [JsonPropertyName("breaking_until")]
    public string? BreakingUntil { get; set; }

    /// <summary>The folder of the import file: photo and video paths that are not addresses are read from it.</summary>
    [JsonIgnore]
    public string? Folder { get; set; }

    public static ArticleType? ParseType(string? type) => type?.Trim().ToLowerInvariant() switch
    {
        null or "" or "news" => ArticleType.News,
        "live" => ArticleType.Live,
        "photo" => ArticleType.Photo,
        "video" => ArticleType.Video,
        _ => null,
    };

    /// <summary>An http(s) address (kept as it is) rather than a file beside the import file.</summary>
    public static bool IsAddress(string? src) => src is not null && (src.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || src.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || src.StartsWith('/'));

    /// <summary>The full path of a file named relative to the import file, or null when it leaves that folder or is missing.</summary>
    public string? FileOf(string src)
    {
        if (Folder is null || Path.IsPathRooted(src) || src.Contains('\0'))
        {
            return null;
        }

        var root = Path.GetFullPath(Folder);
        var full = Path.GetFullPath(Path.Combine(root, src));
        return full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    private void ValidateKinds(List<string> errors)
    {
        var type = ParseType(Type);
        if (type is null)
        {
            errors.Add($"type '{Type}' must be news, live, photo or video");
        }

        Instant(errors, "live_ended_at", LiveEndedAt, required: false);
        Instant(errors, "breaking_until", BreakingUntil, required: false);
        Count(errors, "authors", Authors?.Count, MaxAuthors);
        for (var i = 0; i < (Authors?.Count ?? 0); i++)
        {
            var where = Index("authors", i);
            if (string.IsNullOrWhiteSpace(Authors![i]))
            {
                errors.Add($"{where} must be a name");
            }

            Limit(errors, where, Authors[i], 100);
        }

        if (type is not null and not ArticleType.Live && (Live is { Count: > 0 } || LiveEndedAt is not null))
        {
            errors.Add("live and live_ended_at belong to \"type\": \"live\"");
        }

        Count(errors, "live", Live?.Count, MaxLiveEntries);
        for (var i = 0; i < (Live?.Count ?? 0); i++)
        {
            var where = Index("live", i);
            if (Live![i] is not { } entry)
            {
                errors.Add($"{where} is null");
                continue;
            }

            Instant(errors, where + ".at", entry.At, required: true);
            Text(errors, where + ".text", entry.Text, 8000);
            if (!string.IsNullOrWhiteSpace(entry.Image))
            {
                MediaSource(errors, where + ".image", entry.Image, image: true);
            }
        }

        ValidateMedia(errors, type);
        Count(errors, "corrections", Corrections?.Count, MaxCorrections);
        for (var i = 0; i < (Corrections?.Count ?? 0); i++)
        {
            var where = Index("corrections", i);
            if (Corrections![i] is not { } correction)
            {
                errors.Add($"{where} is null");
                continue;
            }

            Instant(errors, where + ".at", correction.At, required: true);
            Text(errors, where + ".text", correction.Text, 2000);
        }
    }

    private void ValidateMedia(List<string> errors, ArticleType? type)
    {
        if (type is not null and not ArticleType.Photo && Photos is { Count: > 0 })
        {
            errors.Add("photos belong to \"type\": \"photo\"");
        }

        if (type is ArticleType.Photo && Photos is not { Count: > 0 })
        {
            errors.Add("a photo report needs photos: at least one");
        }

        Count(errors, "photos", Photos?.Count, MaxPhotos);
        for (var i = 0; i < (Photos?.Count ?? 0); i++)
        {
            var where = Index("photos", i);
            if (Photos![i] is not { } photo)
            {
                errors.Add($"{where} is null");
                continue;
            }

            MediaSource(errors, where + ".src", photo.Src, image: true);
            Limit(errors, where + ".caption", photo.Caption, 500);
            Limit(errors, where + ".credit", photo.Credit, 200);
        }

        if (type is not null and not ArticleType.Video && Video is not null)
        {
            errors.Add("video belongs to \"type\": \"video\"");
        }

        if (type is ArticleType.Video && string.IsNullOrWhiteSpace(Video?.Src))
        {
            errors.Add("a video article needs video.src");
        }
        else if (Video is not null)
        {
            MediaSource(errors, "video.src", Video.Src, image: false);
            if (!string.IsNullOrWhiteSpace(Video.Poster))
            {
                MediaSource(errors, "video.poster", Video.Poster, image: true);
            }
        }
    }

    /// <summary>A photo or video: an address, or a file beside the import file of the right kind.</summary>
    private void MediaSource(List<string> errors, string where, string? src, bool image)
    {
        var value = src?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            errors.Add($"{where} is required");
            return;
        }

        Limit(errors, where, value, 500, normalized: false);
        if (IsAddress(value))
        {
            var ok = image ? IsImageAddress(value) : VideoSource.Accept(value) is not null;
            if (!ok)
            {
                errors.Add(image
                    ? $"{where} '{value}' must be an http(s) URL, a path on this site or an image file beside the import file"
                    : $"{where} '{value}' must be an mp4 or webm file, or a page of an allowed video host (aparat.com, youtube.com)");
            }

            return;
        }

        var kind = Path.GetExtension(value).ToLowerInvariant();
        if (image ? kind is not (".jpg" or ".jpeg" or ".png" or ".webp" or ".gif") : VideoSource.FileType(value) is null)
        {
            errors.Add(image ? $"{where} '{value}' must be a JPEG, PNG, WebP or GIF image" : $"{where} '{value}' must be an mp4 or webm video");
        }
        else if (FileOf(value) is null)
        {
            errors.Add($"{where} '{value}': no such file beside the import file");
        }
    }

    private static void Instant(List<string> errors, string where, string? value, bool required)
    {
        if (value is null ? required : ParseInstant(value) is null)
        {
            errors.Add(value is null ? $"{where} is required" : $"{where} '{value}' is not an ISO 8601 date and time");
        }
    }

    private static void Text(List<string> errors, string where, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{where} is required");
        }

        Limit(errors, where, value, max, normalized: false);
    }

    private static void Count(List<string> errors, string where, int? count, int max)
    {
        if (count > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{where} has {count} items; at most {max}"));
        }
    }

    private static string Index(string field, int i) => string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]");
}

public sealed class ImportLiveEntry
{
    public string? At { get; set; }

    public string? Text { get; set; }

    public bool Key { get; set; }

    /// <summary>Optional image of the entry: an address or a file beside the import file.</summary>
    public string? Image { get; set; }
}

public sealed class ImportPhoto
{
    public string? Src { get; set; }

    public string? Caption { get; set; }

    public string? Credit { get; set; }
}

public sealed class ImportVideo
{
    public string? Src { get; set; }

    public string? Poster { get; set; }
}

public sealed class ImportCorrection
{
    public string? At { get; set; }

    public string? Text { get; set; }
}
