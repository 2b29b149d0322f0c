using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

namespace Khabar.Features.Newsroom.Editor;

public sealed class MediaException(string message) : Exception(message);

/// <summary>
/// Lead images: decoded once with ImageSharp, stripped of metadata, cropped to 16:9 (three widths for srcset),
/// 4:3 and 1:1, written as JPEG under the media folder beside the database. Names are unique, so files are immutable.
/// </summary>
public sealed class MediaStore(string root, TimeProvider clock)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    private const int MaxPixels = 10_000;
    private static readonly int[] WideWidths = [480, 960, 1600];

    public string Root { get; } = root;

    /// <summary>Returns the URL of the 960px 16:9 version; the others follow the same name.</summary>
    public async Task<string> SaveLeadImageAsync(Stream input, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, ct);
        if (buffer.Length is 0 or > MaxBytes)
        {
            throw new MediaException("حجم تصویر باید بیشتر از صفر و کمتر از ۱۰ مگابایت باشد.");
        }

        buffer.Position = 0;
        IImageInfo? info;
        try
        {
            info = await Image.IdentifyAsync(buffer, ct);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            info = null;
        }

        if (info is null)
        {
            throw new MediaException("این پرونده تصویر شناخته‌شده‌ای نیست؛ JPEG، PNG، WebP یا GIF بفرستید.");
        }

        if (info.Width > MaxPixels || info.Height > MaxPixels || info.Width < 320 || info.Height < 180)
        {
            throw new MediaException("ابعاد تصویر باید دست‌کم ۳۲۰×۱۸۰ و حداکثر ۱۰۰۰۰×۱۰۰۰۰ پیکسل باشد.");
        }

        buffer.Position = 0;
        using var image = await Image.LoadAsync(buffer, ct);
        image.Mutate(x => x.AutoOrient());
        image.Metadata.ExifProfile = null;
        image.Metadata.IptcProfile = null;
        image.Metadata.XmpProfile = null;

        var now = clock.GetUtcNow().UtcDateTime;
        var relative = $"{now:yyyy}/{now:MM}/{Guid.NewGuid():N}";
        Directory.CreateDirectory(Path.Combine(Root, $"{now:yyyy}", $"{now:MM}"));
        foreach (var width in WideWidths)
        {
            await SaveCropAsync(image, 16, 9, width, $"{relative}-16x9-{width}.jpg", ct);
        }

        await SaveCropAsync(image, 4, 3, 1200, $"{relative}-4x3-1200.jpg", ct);
        await SaveCropAsync(image, 1, 1, 1200, $"{relative}-1x1-1200.jpg", ct);
        return $"/media/{relative}-16x9-960.jpg";
    }

    /// <summary>Size in bytes of an image stored here (/media/…), 0 for one from elsewhere or missing.</summary>
    public long LengthOf(string url)
    {
        if (!url.StartsWith("/media/", StringComparison.Ordinal))
        {
            return 0;
        }

        var full = Path.GetFullPath(Path.Combine(Root, url["/media/".Length..]));
        return full.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full)
            ? new FileInfo(full).Length
            : 0;
    }

    /// <summary>The srcset of a lead image made here, or null for an image from elsewhere.</summary>
    public static string? SrcSet(string? url)
    {
        if (url is null || !url.StartsWith("/media/", StringComparison.Ordinal) || !url.EndsWith("-16x9-960.jpg", StringComparison.Ordinal))
        {
            return null;
        }

        var stem = url[..^"960.jpg".Length];
        return string.Join(", ", WideWidths.Select(w => $"{stem}{w}.jpg {w}w"));
    }

    private async Task SaveCropAsync(Image image, int ratioW, int ratioH, int width, string relative, CancellationToken ct)
    {
        var cropW = image.Width;
        var cropH = image.Width * ratioH / ratioW;
        if (cropH > image.Height)
        {
            cropH = image.Height;
            cropW = image.Height * ratioW / ratioH;
        }

        var area = new Rectangle((image.Width - cropW) / 2, (image.Height - cropH) / 2, cropW, cropH);
        var targetW = Math.Min(width, cropW);
        using var copy = image.Clone(x => x.Crop(area).Resize(targetW, targetW * ratioH / ratioW));
        await copy.SaveAsJpegAsync(Path.Combine(Root, relative), new JpegEncoder { Quality = 82 }, ct);
    }
}
