namespace Khabar.Storage;

/// <summary>
/// The database being made ready (migrations checked, roles, demo content) while the server builds its pipeline
/// and binds its port, instead of before: the two take about as long as each other at start-up. Requests that
/// arrive before it is done wait for it (the first middleware), and the host does not report itself started —
/// nor start the background services that write — until it is done; if it fails, the host fails to start.
/// </summary>
public sealed class StartupGate : IHostedService
{
    private Task _ready = Task.CompletedTask;

    public Task Ready => _ready;

    /// <summary>Starts the preparation; called once, before the host starts.</summary>
    public void Begin(Func<Task> prepare) => _ready = Task.Run(prepare);

    public Task StartAsync(CancellationToken cancellationToken) => _ready.WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static IApplicationBuilder UseStartupGate(IApplicationBuilder app)
    {
        var gate = app.ApplicationServices.GetRequiredService<StartupGate>();
        return app.Use(next => context => gate.Ready.IsCompletedSuccessfully ? next(context) : WaitAsync(gate, context, next));
    }

    private static async Task WaitAsync(StartupGate gate, HttpContext context, RequestDelegate next)
    {
        await gate.Ready.WaitAsync(context.RequestAborted);
        await next(context);
    }
}
