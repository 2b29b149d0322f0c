using Khabar;
using Khabar.Features.Cli;

// `khabar <verb>`: serve (default), import, backup … (see Cli.cs).
var (verb, rest) = Cli.Split(args);
if (verb == "serve")
{
    Khabar.Hosting.AppPaths.PreloadInBackground();
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = rest, WebRootPath = Khabar.Hosting.AppPaths.WebRootFallback() });
Khabar.Hosting.AppPaths.AddSettingsBesideTheApp(builder);
if (verb != "serve")
{
    builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
}

builder.AddKhabar();
var app = builder.Build();

if (verb != "serve")
{
    return await Cli.RunAsync(app, verb, rest);
}

app.BeginPreparing();
app.UseKhabar();
await app.RunAsync();
return 0;
