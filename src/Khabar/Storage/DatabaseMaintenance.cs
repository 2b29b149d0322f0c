namespace Khabar.Storage;

/// <summary>
/// Keeps SQLite's planner statistics fresh on a running site (<see cref="Database.OptimizeAsync"/>): once a minute
/// after start-up — not during it, where it would compete with the first requests — then every six hours, as the
/// SQLite documentation advises for long-lived applications. Bulk loads (import, seed-bench, reindex) refresh them too.
/// On PostgreSQL the server's autovacuum keeps them fresh, once for the database however many nodes run: the nodes do
/// nothing here (a bulk load still analyzes at once).
/// </summary>
public sealed class DatabaseMaintenance(IServiceProvider services, ILogger<DatabaseMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan First = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Every = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Database.IsPostgres(services.GetRequiredService<IConfiguration>()))
        {
            return;
        }

        try
        {
            await Task.Delay(First, stoppingToken);
            using var timer = new PeriodicTimer(Every);
            do
            {
                try
                {
                    await Database.OptimizeAsync(services, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Refreshing the database statistics failed; will try again later");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
