namespace Khabar.Tests;

/// <summary>Debian's Chromium as every browser test starts it (headless, no sandbox as root, nothing fetched from outside).</summary>
public static class Chromium
{
    /// <summary>
    /// Web-first assertions wait 15 s rather than Playwright's 5 s: the suite runs twice on a shared two-core machine,
    /// and a publish that commits, evicts and redirects under the PostgreSQL pass's load has taken more than 5 s. An
    /// assertion that never comes true still fails.
    /// </summary>
    static Chromium() => Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(15_000);

    public const string Path = "/usr/bin/chromium";

    public static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];
}
