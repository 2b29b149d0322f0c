using Khabar.Storage;

namespace Khabar.Features.Shared;

/// <summary>What every page stands on: start-up, the change bus, the data lists and navigation, addresses, view counts.</summary>
public static class SharedFeature
{
    public static void AddShared(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // First hosted service of ours: the ones after it start once the database is ready (see StartupSequence).
        services.AddSingleton<StartupSequence>();
        services.AddHostedService(sp => sp.GetRequiredService<StartupSequence>());
        services.AddSingleton(TimeProvider.System);
        services.AddNewsDb(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddHostedService<DatabaseMaintenance>();
        AddSiteRedis(builder);
        services.AddSingleton<SharedLimits>();
        services.AddSingleton<ContentChanges>();
        services.AddHostedService<ContentChangeListener>();
        services.AddSingleton<SiteDataCache>();
        services.AddSingleton<SiteNavigation>();
        services.AddSingleton<SiteOrigin>();
        services.AddSingleton<GeoIp>();
        services.AddSingleton<ViewCounter>();
        services.AddHostedService<ViewFlusher>();
    }

    /// <summary>
    /// <c>Khabar:Redis</c> makes this process a node of a site of several: the change bus, the limits and (with
    /// <c>Khabar:OutputCache:Store=Redis</c>) the pages go through Redis, and <c>Khabar:BaseUrl</c> must say the one
    /// public address every node answers for (the data-protection keys: <see cref="Newsroom.KeyRingSecret"/>).
    /// </summary>
    private static void AddSiteRedis(WebApplicationBuilder builder)
    {
        if (SiteRedis.Configured(builder.Configuration) is not { } redis)
        {
            return;
        }

        var settings = builder.Configuration.GetSection(KhabarOptions.Section).Get<KhabarOptions>() ?? new KhabarOptions();
        if (!Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException(
                "Khabar:Redis is set, so this node is one of several behind a balancer: Khabar:BaseUrl (e.g. https://khabar.example) is required — every node must build the same links.");
        }

        builder.Services.AddSingleton(sp => new SiteRedis(redis, settings.OutputCache.RedisPrefix, sp.GetRequiredService<ILogger<SiteRedis>>()));
        builder.Services.AddSingleton<RedisChangeRelay>();
    }

    public static void MapShared(this WebApplication app)
    {
        app.MapServiceStyles();
        app.MapHealthChecks("/healthz");
    }
}
