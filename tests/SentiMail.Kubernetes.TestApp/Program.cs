using SentiMail.Kubernetes;
using SentiMail.Kubernetes.TestApp;

// Usage: dotnet SentiMail.Kubernetes.TestApp.dll --urls http://127.0.0.1:<port> [--Probes:DrainDelay=00:00:02 ...]
var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<SentiMailProbeOptions>(builder.Configuration.GetSection("Probes"));
builder.Services.AddSentiMailProbes();
builder.Services.AddSingleton<InFlightCounter>();

var app = builder.Build();
app.MapSentiMailProbes();

// Answers "done" after ms milliseconds (at most a minute), ignoring client disconnects and shutdown, like a long analysis.
app.MapGet("/slow", async (int ms, InFlightCounter inFlight) =>
{
    using var request = inFlight.Enter();
    await Task.Delay(Math.Clamp(ms, 0, 60_000), CancellationToken.None);
    return Results.Text("done");
});

// How many /slow requests are running now.
app.MapGet("/inflight", (InFlightCounter inFlight) => Results.Text(inFlight.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));

await app.RunAsync();
