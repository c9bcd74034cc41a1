using SentiMail.Host;
using SentiMail.Host.Commands;

// With a command (backup, users, keys) the host runs it against the configured store and exits; otherwise it serves
// the API. `--Section:Key=value` arguments are configuration in both cases.
var isCommand = HostCommandLine.IsCommand(args);
var builder = WebApplication.CreateBuilder(isCommand ? HostCommandLine.ConfigurationArguments(args) : args);
if (isCommand)
{
    // Results go to standard output, logs to standard error.
    builder.Logging.ClearProviders();
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
}

builder.ConfigureSentiMailTls();
builder.AddSentiMailHost();
var app = builder.Build();

// Every key of the host's own sections must name an option: a misspelt one (--Backup:Directroy=…) stops it before
// anything is read, instead of being ignored while the default applies. Then the options validated at start (the spam
// model file, the TLS certificate...) are checked before the store is migrated and its keys created, so that a bad
// configuration changes nothing on disk.
if (isCommand)
{
    var problems = HostConfigurationCheck.FindProblems(app.Configuration);
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync("Configuration: " + problem);
    }

    if (problems.Count > 0)
    {
        return 2;
    }
}
else
{
    HostConfigurationCheck.ThrowIfInvalid(app.Configuration);
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
}

await app.Services.InitializeSentiMailHostAsync(app.Lifetime.ApplicationStopping);

if (isCommand)
{
    return await HostCommandLine.RunAsync(app.Services, args, Console.Out, Console.Error, Console.In, app.Lifetime.ApplicationStopping);
}

app.UseSentiMailHost();
await app.RunAsync();
return 0;
