using Microsoft.AspNetCore.DataProtection;

namespace Khabar.Features.Newsroom;

/// <summary>
/// Loads the data-protection key ring (newsroom cookies, antiforgery tokens; kept in the database) a few seconds
/// after start-up. The framework's own hosted service does it *during* start-up — an EF query compiled and run
/// before the server listens, about 150 ms of a cold start that no reader's page needs — so it is taken out
/// (<see cref="ReplaceStartupLoad"/>, last in <see cref="KhabarApp.AddKhabar"/>) and this does the same work off the
/// start-up path. A sign-in in the first seconds simply loads the ring itself.
/// </summary>
public sealed class KeyRingWarmup(IDataProtectionProvider protection, IServiceProvider services, TimeProvider clock, ILogger<KeyRingWarmup> logger) : BackgroundService
{
    private static readonly TimeSpan After = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(After, clock, stoppingToken);
            if (KeyRingSecret.KeysUnencrypted(services.GetRequiredService<IConfiguration>()))
            {
                logger.LogWarning("Khabar:Redis is set but Khabar:DataProtection:Secret is not: the data-protection keys (newsroom cookies) are kept unencrypted in the database so that every node can read them. Set the same secret on every node (`openssl rand -base64 32`)");
            }

            // Creates the first key when there is none, as the framework's service would — under the start-up lock, so
            // nodes started together on one database make one key, not one each.
            await Storage.Database.OnceAsync(services, () =>
            {
                protection.CreateProtector("Khabar.KeyRingWarmup").Protect([1]);
                return Task.CompletedTask;
            }, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Loading the data-protection key ring failed; the first sign-in will load it");
        }
    }

    /// <summary>Removes the framework's start-up key-ring load (an internal type, matched by name).</summary>
    public static void ReplaceStartupLoad(IServiceCollection services)
    {
        var framework = services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList();
        foreach (var descriptor in framework)
        {
            services.Remove(descriptor);
        }

        services.AddHostedService<KeyRingWarmup>();
    }
}
