using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Khabar.Persian;

namespace Khabar.Features.Import;

/// <summary>One line of an import file, as DESIGN.md defines it.</summary>
public sealed partial class ImportLine
{
    public long? Code { get; set; }

    public string? Service { get; set; }

    public string? Rotitr { get; set; }

    public string? Title { get; set; }

    public string? Lead { get; set; }

    public string? Body { get; set; }

    public List<string?>? Tags { get; set; }

    public string? Source { get; set; }

    [JsonPropertyName("published_at")]
    public string? PublishedAt { get; set; }

    [JsonPropertyName("image")]
    public string? Image { get; set; }

    [JsonPropertyName("image_caption")]
    public string? ImageCaption { get; set; }

    public List<ImportComment?>? Comments { get; set; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>
    /// An image the pages may show: an absolute http(s) URL, or a path on this site (not «//host», which is another
    /// site; not javascript:, data: or anything else a browser would run or embed).
    /// </summary>
    public static bool IsImageAddress(string? image)
    {
        var value = image?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (value.StartsWith('/'))
        {
            return !value.StartsWith("//", StringComparison.Ordinal) && !value.StartsWith("/\\", StringComparison.Ordinal)
                && value.All(c => c > ' ' && c != '\\' && c != '"' && c != '<' && c != '>');
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !value.Any(c => c <= ' ' || c == '"' || c == '<' || c == '>');
    }

    /// <summary>A field longer than its column allows, measured as it will be stored (normalized).</summary>
    internal static void Limit(List<string> errors, string field, string? value, int max, bool normalized = true)
    {
        var length = value is null ? 0 : (normalized ? PersianText.NormalizeLine(value) : value.Trim()).Length;
        if (length > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{field} is {length} characters long; at most {max}"));
        }
    }

    /// <summary>Checks the line; returns the reasons it cannot be imported (empty when it can).</summary>
    public List<string> Validate()
    {
        var errors = new List<string>();
        if (Code is <= 0)
        {
            errors.Add("code must be a positive integer");
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            errors.Add("title is required");
        }

        if (string.IsNullOrWhiteSpace(Service))
        {
            errors.Add("service is required");
        }

        if (PublishedAt is not null && ParseInstant(PublishedAt) is null)
        {
            errors.Add($"published_at '{PublishedAt}' is not an ISO 8601 date and time");
        }

        if (!IsImageAddress(Image))
        {
            errors.Add($"image '{Image}' must be an http(s) URL or a path on this site (/media/…, /img/…)");
        }

        // The columns' own limits (the same on every database; PostgreSQL would refuse the whole import at the first).
        Limit(errors, "title", Title, 300);
        Limit(errors, "rotitr", Rotitr, 300);
        Limit(errors, "lead", Lead, 2000);
        Limit(errors, "source", Source, 200);
        Limit(errors, "image_caption", ImageCaption, 500);
        Limit(errors, "service", Service, 100);
        Limit(errors, "image", Image, 500, normalized: false);
        for (var i = 0; i < (Tags?.Count ?? 0); i++)
        {
            Limit(errors, string.Create(CultureInfo.InvariantCulture, $"tags[{i}]"), Tags![i], 100);
        }

        ValidateKinds(errors);
        for (var i = 0; i < (Comments?.Count ?? 0); i++)
        {
            var c = Comments![i];
            var where = string.Create(CultureInfo.InvariantCulture, $"comments[{i}]");
            if (c is null)
            {
                errors.Add($"{where} is null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(c.Text))
            {
                errors.Add($"{where}.text is required");
            }

            Limit(errors, where + ".name", c.Name, 100);
            Limit(errors, where + ".email", c.Email, 254, normalized: false);
            Limit(errors, where + ".text", c.Text, 4000);

            if (c.Status is not null && ParseStatus(c.Status) is null)
            {
                errors.Add($"{where}.status '{c.Status}' must be published, pending or rejected");
            }

            if (c.CreatedAt is not null && ParseInstant(c.CreatedAt) is null)
            {
                errors.Add($"{where}.created_at '{c.CreatedAt}' is not an ISO 8601 date and time");
            }

            if (!string.IsNullOrWhiteSpace(c.Ip) && !IPAddress.TryParse(c.Ip.Trim(), out _))
            {
                errors.Add($"{where}.ip '{c.Ip}' is not an IP address");
            }

            if (c.ParentIndex is { } p && (p < 0 || p >= i))
            {
                errors.Add($"{where}.parent_index must point to an earlier comment");
            }
        }

        return errors;
    }

    /// <summary>An ISO 8601 instant as UTC; a time without offset is taken as UTC.</summary>
    public static DateTime? ParseInstant(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value.UtcDateTime
            : null;

    public static Storage.CommentStatus? ParseStatus(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        null or "" or "pending" => Storage.CommentStatus.Pending,
        "published" or "approved" => Storage.CommentStatus.Published,
        "rejected" => Storage.CommentStatus.Rejected,
        _ => null,
    };
}

public sealed class ImportComment
{
    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Text { get; set; }

    public string? Ip { get; set; }

    [JsonPropertyName("created_at")]
    public string? CreatedAt { get; set; }

    public string? Status { get; set; }

    /// <summary>Optional: index of an earlier comment of the same line that this one replies to.</summary>
    [JsonPropertyName("parent_index")]
    public int? ParentIndex { get; set; }
}
