using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;

var builder = WebApplication.CreateBuilder(args);
builder.ConfigureSentiMailTls();

builder.Services.AddSingleton<IApiKeyStore>(new InMemoryApiKeyStore());
builder.Services.AddSingleton<IAnalysisStore>(new InMemoryAnalysisStore(10_000));
builder.Services.AddSentiMailApiKeys();
builder.Services.AddSentiMail();
builder.Services.AddSentiMailApi();
builder.Services.AddAuthentication(ApiKeyDefaults.AuthenticationScheme).AddApiKey();
builder.Services.AddSentiMailAuthorization();

var app = builder.Build();
app.UseSentiMailTls();
app.UseAuthentication();
app.UseAuthorization();
app.MapSentiMail("/api/v1");
app.MapSentiMailApiKeys();

await app.RunAsync();

