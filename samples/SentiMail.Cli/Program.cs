using SentiMail.Cli;

using var cancel = new CancellationTokenSource();
var keys = new CancelKeys(cancel, Console.Error);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    if (keys.Press())
    {
        Environment.Exit(130);
    }
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
