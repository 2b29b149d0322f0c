namespace Khabar.Hosting;

/// <summary>Where the app finds its files when run from another directory, and what it loads before anything asks.</summary>
public static class AppPaths
{
    /// <summary>
    /// The published wwwroot beside Khabar.dll when the working directory has none, so that
    /// `dotnet OUT/Khabar.dll` serves its assets from any directory; null keeps the default.
    /// </summary>
    public static string? WebRootFallback()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return !Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot")) && Directory.Exists(beside) ? beside : null;
    }

    /// <summary>
    /// appsettings.json beside Khabar.dll, read first (lowest precedence) when the content root has none:
    /// `dotnet OUT/Khabar.dll` run from another directory keeps its defaults.
    /// </summary>
    public static void AddSettingsBesideTheApp(WebApplicationBuilder builder)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")) && File.Exists(beside))
        {
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = "appsettings.json",
                Optional = true,
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
            });
        }
    }

    /// <summary>
    /// What the first article page needs that depends on nothing else — the Persian stem lexicon and Unicode
    /// normalization data (for «اخبار پیشنهادی»), Tehran's time zone — loaded on a thread-pool thread from the
    /// first line of Main: while the host is built one core is mostly idle, and the first reader no longer waits
    /// for them (a start-up trace had the lexicon on that request's path, ~0.1–0.2 s).
    /// </summary>
    public static void PreloadInBackground() => ThreadPool.UnsafeQueueUserWorkItem(static _ =>
    {
        Persian.SearchKey.Preload();
        _ = Persian.Jalali.TehranOffset(DateTime.UnixEpoch);
    }, null);
}
