namespace Khabar.Tests;

/// <summary>Debian's Chromium as every browser test starts it (headless, no sandbox as root, nothing fetched from outside).</summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];
}
