using SentiMail.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await CliApp.RunAsync(args, Console.Out, Console.Error, Console.IsOutputRedirected, Console.IsErrorRedirected, cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("sentimail: cancelled.");
    return 130;
}
