// The server of the HTTP load benchmark (benchmarks/load/run-wrk.sh): the SentiMail API as an app would host it
// (API-key authentication, authorization policies, the real engine offline, an in-memory store), on 127.0.0.1 with a
// free port. It prints two lines on stdout, "url <address>" and "key <api key>", then serves until stdin closes or
// the process is stopped. STORE_CAPACITY sets how many analyses the store keeps (default 10,000; the oldest go
// first). Rate limiting is off: the benchmark measures the API and the engine, not the limiter.
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddSingleton<IApiKeyStore>(new InMemoryApiKeyStore());
builder.Services.AddSingleton<IAnalysisStore>(new InMemoryAnalysisStore(
    int.TryParse(Environment.GetEnvironmentVariable("STORE_CAPACITY"), out var capacity) ? capacity : InMemoryAnalysisStore.DefaultCapacity));
builder.Services.AddSentiMailApiKeys();
builder.Services.AddSentiMail();
builder.Services.AddSentiMailApi();
builder.Services.AddAuthentication(ApiKeyDefaults.AuthenticationScheme).AddApiKey();
builder.Services.AddSentiMailAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapSentiMail("/api/v1");
await app.StartAsync();

var created = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(new ApiKeyCreateRequest
{
    OwnerId = "load",
    Name = "load benchmark",
    Scopes = [ApiKeyScopes.Submit, ApiKeyScopes.Read],
});
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"url {address}");
Console.WriteLine($"key {created.Key}");
Console.Out.Flush();

// Serve until the driving script closes stdin (or stops the process).
await Task.Run(() => Console.In.ReadToEnd());
await app.StopAsync();
