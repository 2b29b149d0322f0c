using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Khabar.Tests;

/// <summary>A free loopback port (asked of the kernel, then released for the process that will listen on it).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts connections on the port.</summary>
    public static async Task WaitAsync(int port, Func<bool> alive, string what)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Assert.True(alive(), $"{what} exited before it listened");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"{what} did not listen on {port} within 20 s");
            await Task.Delay(50);
        }
    }
}

/// <summary>A Redis server of the test's own (Debian's redis-server, nothing saved), which a test may kill and restart.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort.Next());
        await server.RunAsync();
        return server;
    }

    private async Task RunAsync()
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(a);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await FreePort.WaitAsync(Port, () => !_process.HasExited, "redis-server");
    }

    /// <summary>SIGKILL, then the same server on the same port again (empty: nothing was saved).</summary>
    public async Task RestartAsync()
    {
        Kill();
        await RunAsync();
    }

    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// nginx in front of the nodes with deploy/nginx/khabar.conf as it is, but for its upstream servers (the nodes' ports)
/// and its listen line (a free loopback port).
/// </summary>
public sealed partial class NginxFront : IAsyncDisposable
{
    private readonly string _folder;
    private Process? _process;

    private NginxFront(int port, string folder) => (Port, _folder) = (port, folder);

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    [GeneratedRegex(@"^\s*server 127\.0\.0\.1:\d+ (?<options>[^;]*);\s*$", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();

    public static async Task<NginxFront> StartAsync(int port, IReadOnlyList<Uri> nodes)
    {
        var folder = Directory.CreateTempSubdirectory("khabar-nginx-").FullName;
        var site = await File.ReadAllTextAsync(Path.Combine(Repo.Root(), "deploy", "nginx", "khabar.conf"));
        var servers = UpstreamServer().Matches(site);
        Assert.True(servers.Count >= 1, "deploy/nginx/khabar.conf has no upstream server line");
        var options = servers[0].Groups["options"].Value;
        var lines = string.Join("\n", nodes.Select(n => $"    server 127.0.0.1:{n.Port} {options};"));
        var first = true;
        site = UpstreamServer().Replace(site, _ =>
        {
            var replacement = first ? lines : "";
            first = false;
            return replacement;
        });
        Assert.Contains("listen 80;", site);
        site = site.Replace("listen 80;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "khabar.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            user root;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log;
            events { worker_connections 1024; }
            http {
                access_log off;
                include {{folder}}/khabar.conf;
            }
            """);
        var front = new NginxFront(port, folder);
        var start = new ProcessStartInfo("nginx") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(a);
        }

        front._process = Process.Start(start)!;
        front._process.OutputDataReceived += (_, _) => { };
        front._process.ErrorDataReceived += (_, _) => { };
        front._process.BeginOutputReadLine();
        front._process.BeginErrorReadLine();
        await FreePort.WaitAsync(port, () => !front._process.HasExited, "nginx");
        return front;
    }

    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
