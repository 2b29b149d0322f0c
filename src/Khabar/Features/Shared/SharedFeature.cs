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
        services.AddSingleton<ContentChanges>();
        services.AddHostedService<ContentChangeListener>();
        services.AddSingleton<SiteDataCache>();
        services.AddSingleton<SiteNavigation>();
        services.AddSingleton<SiteOrigin>();
        services.AddSingleton<GeoIp>();
        services.AddSingleton<ViewCounter>();
        services.AddHostedService<ViewFlusher>();
    }

    public static void MapShared(this WebApplication app)
    {
        app.MapServiceStyles();
        app.MapHealthChecks("/healthz");
    }
}
