using Khabar.Features.Articles;
using Khabar.Storage;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Shared;

/// <summary>
/// Start-up, in one place and in order, beside the server's own start-up rather than before it:
/// <list type="number">
/// <item>the database made ready (migrations, roles, demo content into an empty database when Khabar:Demo is on) —
/// the gate: requests that arrive before it is done wait for it (<see cref="UseStartupGate"/>, the first middleware),
/// and the host does not report itself started, nor start the background services that write, until it is done; if
/// it fails, the host fails to start;</item>
/// <item>the article page's queries warmed (<see cref="ArticleWarmUp.WarmDataAsync"/>), once the database is ready;</item>
/// <item>the newest article's page rendered once (<see cref="ArticleWarmUp.WarmPageAsync"/>), once the endpoints are
/// mapped (<see cref="AfterMapping"/>).</item>
/// </list>
/// The server does not wait for the warm-up and it never fails the start; readers of article pages who come meanwhile
/// wait for it (<see cref="WarmedUp"/>, at most 2 s) rather than do the same work beside it.
/// </summary>
public sealed class StartupSequence(ArticleWarmUp warmUp, IHostApplicationLifetime lifetime, ILogger<StartupSequence> logger) : IHostedService
{
    /// <summary>The database is ready (a completed task once it is, and in a process that never began).</summary>
    public Task Ready { get; private set; } = Task.CompletedTask;

    /// <summary>The warm-up as it runs; completed when it is done or failed.</summary>
    public Task WarmedUp { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the database's preparation and the warm-up of data after it; called once, before the host starts.</summary>
    public void Begin(WebApplication app)
    {
        Ready = Task.Run(() => PrepareDatabaseAsync(app.Services));
        WarmedUp = StepAsync(Ready, () => warmUp.WarmDataAsync(app.Services, lifetime.ApplicationStopping), "data");
    }

    /// <summary>The last step, once every endpoint is mapped (the page's views resolve their asset links from them).</summary>
    public void AfterMapping(WebApplication app) =>
        WarmedUp = StepAsync(WarmedUp, () => warmUp.WarmPageAsync(app.Services, lifetime.ApplicationStopping), "page");

    /// <summary>Schema up to date, roles present, then demo content into an empty database when Khabar:Demo is on.
    /// Once however many processes start together on one database (<see cref="Database.OnceAsync"/>).</summary>
    public static Task PrepareDatabaseAsync(IServiceProvider services, bool demo = true) => Database.OnceAsync(services, async () =>
    {
        await Database.MigrateAsync(services);
        await Newsroom.NewsroomAuth.EnsureRolesAsync(services);
        if (demo && services.GetRequiredService<IOptions<KhabarOptions>>().Value.Demo)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Demo.DemoSeeder>().SeedIfEmptyAsync(CancellationToken.None);
        }
    });

    /// <summary>One warm-up step after the one before it, off the thread that finished that one; a failure is logged, never thrown.</summary>
    private async Task StepAsync(Task before, Func<Task> step, string what)
    {
        try
        {
            await before;
            // Off the thread that finished the step before: the host's own start-up may continue on that one.
            await Task.Yield();
            await step();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Warming the newest article's {What} at start-up failed; the first reader will do it", what);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Ready.WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static IApplicationBuilder UseStartupGate(IApplicationBuilder app)
    {
        var startup = app.ApplicationServices.GetRequiredService<StartupSequence>();
        return app.Use(next => context => startup.Ready.IsCompletedSuccessfully ? next(context) : WaitAsync(startup, context, next));
    }

    private static async Task WaitAsync(StartupSequence startup, HttpContext context, RequestDelegate next)
    {
        await startup.Ready.WaitAsync(context.RequestAborted);
        await next(context);
    }
}
