using System.Text.RegularExpressions;

namespace Khabar.Features.Articles;

/// <summary>
/// Where a video article's video may come from: a file (mp4 or webm) on this site or at an http(s) address, or a player
/// embedded from one of the allowed hosts. The page's Content-Security-Policy allows frames from those hosts only.
/// </summary>
public static partial class VideoSource
{
    /// <summary>The origins whose players a page may embed (the CSP's frame-src).</summary>
    public static readonly string[] EmbedOrigins = ["https://www.aparat.com", "https://www.youtube-nocookie.com"];

    /// <summary>The player address for a page of an allowed host (aparat.com, youtube.com, youtu.be), or null.</summary>
    public static string? EmbedUrl(string? address)
    {
        if (!Uri.TryCreate(address?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        var path = uri.AbsolutePath;
        if (host is "aparat.com" or "www.aparat.com")
        {
            var m = AparatPath().Match(path);
            return m.Success ? $"https://www.aparat.com/video/video/embed/videohash/{m.Groups["id"].Value}/vt/frame" : null;
        }

        string? id = host switch
        {
            "youtu.be" => path.TrimStart('/'),
            "youtube.com" or "www.youtube.com" or "m.youtube.com" or "www.youtube-nocookie.com" when path == "/watch" =>
                Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).TryGetValue("v", out var v) ? v.ToString() : null,
            "youtube.com" or "www.youtube.com" or "m.youtube.com" or "www.youtube-nocookie.com" => YoutubePath().Match(path) is { Success: true } p ? p.Groups["id"].Value : null,
            _ => null,
        };
        return id is not null && YoutubeId().IsMatch(id) ? $"https://www.youtube-nocookie.com/embed/{id}" : null;
    }

    /// <summary>
    /// The address a video article keeps for a given one: the player of an allowed host's page, or a video file's own
    /// address (on this site or http(s)); null for anything else.
    /// </summary>
    public static string? Accept(string? address)
    {
        var value = address?.Trim();
        return EmbedUrl(value) ?? (Import.ImportLine.IsImageAddress(value) && !string.IsNullOrEmpty(value) && FileType(value) is not null ? value : null);
    }

    /// <summary>The media type of a video file by its name (mp4 or webm), or null for anything else.</summary>
    public static string? FileType(string? address)
    {
        var path = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.AbsolutePath : address ?? "";
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".mp4" or ".m4v" => "video/mp4",
            ".webm" => "video/webm",
            _ => null,
        };
    }

    /// <summary>An embedded player (not a file of ours or elsewhere).</summary>
    public static bool IsEmbed(string? url) => url is not null && EmbedOrigins.Any(o => url.StartsWith(o + "/", StringComparison.Ordinal));

    [GeneratedRegex(@"^/(?:v|video/video/embed/videohash)/(?<id>[A-Za-z0-9]{3,20})(?:/.*)?$")]
    private static partial Regex AparatPath();

    [GeneratedRegex(@"^/(?:embed|shorts|live)/(?<id>[^/]+)$")]
    private static partial Regex YoutubePath();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{6,20}$")]
    private static partial Regex YoutubeId();
}
