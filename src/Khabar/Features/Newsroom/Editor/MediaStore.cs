using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Khabar.Features.Newsroom.Editor;

public sealed class MediaException(string message) : Exception(message);

/// <summary>
/// Lead images: decoded once with ImageSharp, stripped of metadata, cropped to 16:9 (three widths for srcset),
/// 4:3 and 1:1, written as JPEG under the media folder beside the database. Names are unique, so files are immutable.
/// A crafted file cannot take the server's memory: at most 10 MB, 40 megapixels and 12,000 pixels a side (read from
/// the header before decoding), one frame (a GIF's first; an animated WebP is refused), decoded two at a time by an
/// allocator with a ceiling. Files no article or revision uses are removed a day later (<see cref="MediaJanitor.RemoveAbandonedAsync"/>).
/// </summary>
public sealed class MediaStore(string root, TimeProvider clock)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const long MaxPixels = 40_000_000;
    private const int MaxSide = 12_000;

    // Wider than the widest variant (1600 px) with room for the crops: the decoded image is brought down to this first.
    private const int WorkingWidth = 2400;
    private static readonly int[] WideWidths = [480, 960, 1600];
    private static readonly string[] Variants = ["16x9-480", "16x9-960", "16x9-1600", "4x3-1200", "1x1-1200"];
    private static readonly SemaphoreSlim Decoders = new(2);
    private static readonly Configuration Decoding = CreateDecoding();

    private static Configuration CreateDecoding()
    {
        var configuration = Configuration.Default.Clone();
        // 40 MP of RGB is 120 MB: one allocation above 160 MB is refused, and pooled memory is given back above 32 MB.
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { MaximumPoolSizeMegabytes = 32, AllocationLimitMegabytes = 160 });
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = SixLabors.ImageSharp.Metadata.FrameDecodingMode.First });
        return configuration;
    }

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

        if (info.Width > MaxSide || info.Height > MaxSide || (long)info.Width * info.Height > MaxPixels || info.Width < 320 || info.Height < 180)
        {
            throw new MediaException("ابعاد تصویر باید دست‌کم ۳۲۰×۱۸۰ پیکسل، هر ضلع حداکثر ۱۲٬۰۰۰ و روی هم حداکثر ۴۰ مگاپیکسل باشد.");
        }

        if (IsAnimatedWebp(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            throw new MediaException("تصویر متحرک برای تصویر اصلی پذیرفته نیست؛ یک تصویر ثابت بفرستید.");
        }

        buffer.Position = 0;
        await Decoders.WaitAsync(ct);
        Image<Rgb24> image;
        try
        {
            image = await Image.LoadAsync<Rgb24>(Decoding, buffer, ct);
            image.Mutate(x => x.AutoOrient());
            if (image.Width > WorkingWidth)
            {
                image.Mutate(x => x.Resize(WorkingWidth, 0));
            }
        }
        catch (Exception e) when (e is InvalidImageContentException or InvalidMemoryOperationException or UnknownImageFormatException or NotSupportedException)
        {
            throw new MediaException("این تصویر خوانده نشد؛ پرونده خراب است یا برای پردازش بیش از اندازه بزرگ است.");
        }
        finally
        {
            Decoders.Release();
        }

        using var _ = image;
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

    public const long MaxVideoBytes = 1024L * 1024 * 1024;

    /// <summary>
    /// Keeps a video file (mp4 or webm, told by its first bytes, not its name) under a new name; returns its URL.
    /// The static files of /media answer range requests, so players seek without downloading the whole file.
    /// </summary>
    public async Task<string> SaveVideoAsync(Stream input, CancellationToken ct)
    {
        var head = new byte[12];
        var read = await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var extension = read == 12 && head.AsSpan(4, 4).SequenceEqual("ftyp"u8) ? "mp4"
            : read >= 4 && head.AsSpan(0, 4).SequenceEqual(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }) ? "webm"
            : throw new MediaException("این پرونده ویدیوی شناخته‌شده‌ای نیست؛ MP4 یا WebM بفرستید.");
        var now = clock.GetUtcNow().UtcDateTime;
        var relative = $"{now:yyyy}/{now:MM}/{Guid.NewGuid():N}.{extension}";
        Directory.CreateDirectory(Path.Combine(Root, $"{now:yyyy}", $"{now:MM}"));
        var path = Path.Combine(Root, relative);
        try
        {
            await using var output = File.Create(path);
            await output.WriteAsync(head.AsMemory(0, read), ct);
            var buffer = new byte[81920];
            long total = read;
            int n;
            while ((n = await input.ReadAsync(buffer, ct)) > 0)
            {
                total += n;
                if (total > MaxVideoBytes)
                {
                    throw new MediaException("حجم ویدیو باید کمتر از یک گیگابایت باشد.");
                }

                await output.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return $"/media/{relative}";
    }

    /// <summary>A WebP file with an animation chunk (RIFF «ANIM»): more than one frame.</summary>
    private static bool IsAnimatedWebp(ReadOnlySpan<byte> file) =>
        file.Length > 16 && file[..4].SequenceEqual("RIFF"u8) && file.Slice(8, 4).SequenceEqual("WEBP"u8) && file.IndexOf("ANIM"u8) >= 0;

    /// <summary>Deletes every variant of a lead image made here, or a video file (an upload whose article was not saved).</summary>
    public void Delete(string url)
    {
        if (Articles.VideoSource.FileType(url) is not null && LengthOf(url) > 0)
        {
            File.Delete(Path.GetFullPath(Path.Combine(Root, url["/media/".Length..])));
            return;
        }

        if (Stem(url) is not { } stem)
        {
            return;
        }

        foreach (var variant in Variants)
        {
            var file = Path.Combine(Root, stem + "-" + variant + ".jpg");
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>yyyy/MM/name of an image made here, or null for any other URL (or one that leaves the folder).</summary>
    internal string? Stem(string url)
    {
        if (!url.StartsWith("/media/", StringComparison.Ordinal) || !url.EndsWith("-16x9-960.jpg", StringComparison.Ordinal))
        {
            return null;
        }

        var stem = url["/media/".Length..^"-16x9-960.jpg".Length];
        var full = Path.GetFullPath(Path.Combine(Root, stem));
        return full.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? stem : null;
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

    private async Task SaveCropAsync(Image<Rgb24> image, int ratioW, int ratioH, int width, string relative, CancellationToken ct)
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
