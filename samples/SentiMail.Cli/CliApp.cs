using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SentiMail.Batch;
using SentiMail.Parsing;
using SentiMail.Reporting;
using SentiMail.Scoring;

namespace SentiMail.Cli;

/// <summary>The <c>sentimail</c> command line, runnable in-process for tests.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool stdoutRedirected, bool stderrRedirected, CancellationToken cancellationToken) =>
        RunAsync(args, Console.OpenStandardInput, stdout, stderr, stdoutRedirected, stderrRedirected, cancellationToken);

    /// <summary>Runs the command line, reading standard input (for the input <c>-</c>) from <paramref name="openStandardInput"/>.</summary>
    public static async Task<int> RunAsync(string[] args, Func<Stream> openStandardInput, TextWriter stdout, TextWriter stderr, bool stdoutRedirected, bool stderrRedirected, CancellationToken cancellationToken)
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Message files (.eml), folders (analysed recursively), mbox files, or - for one message on standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Write JSON: one report object for a file, JSON Lines for a batch." };
        var parallel = new Option<int>("--parallel", "-p")
        {
            Description = "How many messages to analyse at once (batches).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        OptionRanges.Require(parallel, 1, 256);
        var failOn = new Option<string?>("--fail-on") { Description = "Exit with code 1 when a message is at least this bad." };
        failOn.AcceptOnlyFromAmong("suspicious", "malicious");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Batches: print only the summary, not a line per message." };
        var dns = new Option<string[]>("--dns")
        {
            Description = "Check SPF, DKIM, ARC and DMARC against this DNS server (ip or ip:port; repeatable; 'system' for the system resolvers). Off by default.",
            AllowMultipleArgumentsPerToken = false,
        };
        dns.Validators.Add(r =>
        {
            foreach (var server in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (server != "system" && !SentiMail.Dns.DnsServerAddress.TryParse(server, out _))
                {
                    r.AddError($"--dns {server}: not an IP address (four numbers for IPv4) with an optional port (1.2.3.4, 1.2.3.4:5353, [::1]:5353) nor 'system'.");
                }
            }
        });
        var offline = new Option<bool>("--offline") { Description = "Make no DNS query (the default); authentication checks are reported as skipped." };
        var clientIp = new Option<string?>("--client-ip") { Description = "The IP address of the SMTP client, instead of the one read from Received." };
        clientIp.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } ip && !SentiMail.Dns.DnsServerAddress.TryParseAddress(ip, out _))
            {
                r.AddError($"--client-ip {ip}: not an IP address (an IPv4 address is four numbers, such as 192.0.2.1; or an IPv6 address).");
            }
        });
        var mailFrom = new Option<string?>("--mail-from") { Description = "The SMTP MAIL FROM address, instead of Return-Path." };
        var helo = new Option<string?>("--helo") { Description = "The name the SMTP client gave in HELO/EHLO, instead of the one read from Received." };

        var model = new Option<string?>("--model")
        {
            Description = "Also run the learned spam model (signal model.spam): 'embedded' for the one shipped with SentiMail, or a model file from 'sentimail model train'. Off by default.",
        };
        var analyze = new Command("analyze", "Analyse messages and tell which are malicious, and why.") { inputs, json, parallel, failOn, quiet, dns, offline, clientIp, mailFrom, helo, model };
        var root = new RootCommand("SentiMail: tells whether an email is malicious and explains why.") { analyze, Model.ModelCommand.Create(stdout, stderr) };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"sentimail: {error.Message}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync($"Run '{CommandLineOf(parse.CommandResult)} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        if (parse.CommandResult.Command != analyze)
        {
            // Help, version, or no sub-command: let System.CommandLine print it.
            var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken).ConfigureAwait(false);
            return parse.CommandResult.Command == root && !args.Any(a => a is "-h" or "--help" or "-?" or "--version") ? ExitCodes.UsageError : exit;
        }

        if (parse.Action is not null && parse.Action.GetType().Name.Contains("Help", StringComparison.Ordinal))
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken).ConfigureAwait(false);
        }

        var servers = parse.GetValue(dns) ?? [];
        if (servers.Length > 0 && parse.GetValue(offline))
        {
            await stderr.WriteLineAsync("sentimail: --dns and --offline cannot be used together.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var envelope = new SentiMail.Context.MessageEnvelope
        {
            ClientIp = SentiMail.Dns.DnsServerAddress.TryParseAddress(parse.GetValue(clientIp), out var ip) ? ip : null,
            MailFrom = parse.GetValue(mailFrom),
            Helo = parse.GetValue(helo),
        };
        var settings = new RunSettings(
            parse.GetValue(inputs) ?? [],
            parse.GetValue(json),
            parse.GetValue(parallel),
            ParseThreshold(parse.GetValue(failOn)),
            parse.GetValue(quiet),
            servers,
            envelope)
        {
            Model = parse.GetValue(model),
        };
        var runner = new AnalyzeRunner(settings, stdout, stderr, stdoutRedirected, stderrRedirected) { OpenStandardInput = openStandardInput };
        return await runner.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The command as typed, such as <c>sentimail model train</c>, for the usage hint.</summary>
    private static string CommandLineOf(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? r = command; r is CommandResult c && c.Parent is not null; r = c.Parent)
        {
            names.Insert(0, c.Command.Name);
        }

        names.Insert(0, "sentimail");
        return string.Join(' ', names);
    }

    private static Verdict? ParseThreshold(string? value) => value switch
    {
        "suspicious" => Verdict.Suspicious,
        "malicious" => Verdict.Malicious,
        _ => null,
    };
}

/// <summary>The parsed options of <c>analyze</c>.</summary>
internal sealed record RunSettings(string[] Inputs, bool Json, int Parallelism, Verdict? FailOn, bool Quiet, string[] DnsServers, SentiMail.Context.MessageEnvelope Envelope)
{
    /// <summary>Gets the spam model to run: <c>embedded</c>, a model file, or <see langword="null"/> for none.</summary>
    public string? Model { get; init; }
}

/// <summary>Runs <c>sentimail analyze</c>.</summary>
internal sealed class AnalyzeRunner(RunSettings settings, TextWriter stdout, TextWriter stderr, bool stdoutRedirected, bool stderrRedirected)
{
    /// <summary>The name shown for the input <c>-</c>.</summary>
    private const string StandardInputName = "standard input";

    /// <summary>Gets how to open standard input, read for the input <c>-</c>.</summary>
    public Func<Stream> OpenStandardInput { get; init; } = Console.OpenStandardInput;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var fromStdin = settings.Inputs.Contains("-", StringComparer.Ordinal);
        if (fromStdin && settings.Inputs.Length > 1)
        {
            await stderr.WriteLineAsync("sentimail: '-' (one message on standard input) cannot be combined with other inputs.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        IReadOnlyList<string> files = [];
        try
        {
            if (!fromStdin)
            {
                files = MessageBatch.ListFiles(settings.Inputs);
            }
        }
        catch (FileNotFoundException ex)
        {
            await stderr.WriteLineAsync($"sentimail: {DisplayText.Escape(ex.Message)}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var builder = new ServiceCollection().AddSentiMail();
        if (settings.DnsServers.Length > 0)
        {
            builder.UseDns(o =>
            {
                foreach (var server in settings.DnsServers.Where(s => s != "system"))
                {
                    o.Servers.Add(server);
                }
            });
        }

        if (settings.Model is { } model)
        {
            builder.AddMachineLearning(o => o.ModelPath = model == "embedded" ? null : model);
        }

        var services = builder.Services.BuildServiceProvider();
        await using (services.ConfigureAwait(false))
        {
            IEmailAnalyzer analyzer;
            try
            {
                analyzer = services.GetRequiredService<IEmailAnalyzer>();
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                // A missing, damaged or foreign model file: say which and why, and analyse nothing.
                await stderr.WriteLineAsync($"sentimail: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.InputRejected;
            }

            if (fromStdin)
            {
                return await RunSingleAsync(StandardInputName, ct => AnalyzeStandardInputAsync(analyzer, ct), cancellationToken).ConfigureAwait(false);
            }

            var single = settings.Inputs.Length == 1 && files.Count == 1 && File.Exists(settings.Inputs[0]) && !MessageBatch.IsMbox(files[0]);
            return single
                ? await RunSingleAsync(files[0], ct => analyzer.AnalyzeFileAsync(files[0], settings.Envelope, ct), cancellationToken).ConfigureAwait(false)
                : await RunBatchAsync(analyzer, files, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads standard input, within the engine's size limit, and analyses it as one message.</summary>
    private async Task<AnalysisReport> AnalyzeStandardInputAsync(IEmailAnalyzer analyzer, CancellationToken cancellationToken)
    {
        try
        {
            var input = OpenStandardInput();
            await using (input.ConfigureAwait(false))
            {
                return await analyzer.AnalyzeAsync(input, settings.Envelope, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MessageRejectedException(RejectionReason.Unreadable, "Cannot read standard input: reading it failed.", ex);
        }
    }

    private async Task<int> RunSingleAsync(string name, Func<CancellationToken, Task<AnalysisReport>> analyze, CancellationToken cancellationToken)
    {
        AnalysisReport report;
        try
        {
            // Off the calling thread, and awaited so that Ctrl+C ends the wait: opening a named pipe nobody writes to,
            // or reading one, cannot be cancelled (the blocked read is left behind as the process ends).
            report = await Task.Run(() => analyze(cancellationToken), cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MessageRejectedException ex)
        {
            await stderr.WriteLineAsync($"sentimail: {DisplayText.Escape(name)}: rejected ({ex.ReasonCode}): {DisplayText.Escape(ex.Message)}").ConfigureAwait(false);
            return ExitCodes.InputRejected;
        }

        if (settings.Json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(report, IndentedContext)).ConfigureAwait(false);
        }
        else
        {
            new ReportPrinter(stdout, ConsoleStyle.For(stdoutRedirected)).PrintFull(name, report);
        }

        return MeetsThreshold(report.Verdict) ? ExitCodes.ThresholdMet : ExitCodes.Analysed;
    }

    private async Task<int> RunBatchAsync(IEmailAnalyzer analyzer, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var style = ConsoleStyle.For(stdoutRedirected);
        var printer = new ReportPrinter(stdout, style);
        var anyMbox = files.Any(MessageBatch.IsMbox);
        var progress = new ProgressReporter(stderr, !stderrRedirected, anyMbox ? null : files.Count);
        var verdicts = new Dictionary<Verdict, int> { [Verdict.Clean] = 0, [Verdict.Suspicious] = 0, [Verdict.Malicious] = 0 };
        var rejections = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var latencies = new List<double>();
        var done = 0;
        var thresholdMet = false;
        var clock = Stopwatch.StartNew();
        var options = new BatchOptions { MaxParallelism = settings.Parallelism, Envelope = settings.Envelope };

        await foreach (var result in MessageBatch.AnalyzeAsync(analyzer, files, options, cancellationToken).ConfigureAwait(false))
        {
            done++;
            if (result.Report is { } report)
            {
                verdicts[report.Verdict]++;
                latencies.Add(report.DurationMilliseconds);
                thresholdMet |= MeetsThreshold(report.Verdict);
            }
            else if (result.Rejection is { } rejection)
            {
                rejections[rejection.ReasonCode] = rejections.GetValueOrDefault(rejection.ReasonCode) + 1;
            }

            progress.Clear();
            await WriteResultAsync(printer, result).ConfigureAwait(false);
            progress.Report(done);
        }

        progress.Clear();
        clock.Stop();
        if (!settings.Json)
        {
            PrintSummary(style, done, verdicts, rejections, latencies, clock.Elapsed);
        }

        if (done == 0)
        {
            // Nothing analysed is not a pass: a CI job with --fail-on would otherwise succeed on an empty or mistyped folder.
            await stderr.WriteLineAsync($"sentimail: no message found in {string.Join(", ", settings.Inputs.Select(i => "'" + DisplayText.Escape(i) + "'"))} (folders list regular files only; names starting with a dot are left out).").ConfigureAwait(false);
            return ExitCodes.InputRejected;
        }

        if (thresholdMet)
        {
            return ExitCodes.ThresholdMet;
        }

        return rejections.Count > 0 ? ExitCodes.InputRejected : ExitCodes.Analysed;
    }

    private async Task WriteResultAsync(ReportPrinter printer, BatchResult result)
    {
        if (settings.Json)
        {
            var line = new BatchLine
            {
                Source = result.Source,
                Position = result.Position,
                Report = result.Report,
                Rejected = result.Rejection is { } r ? new RejectionLine { Reason = r.ReasonCode, Message = r.Message } : null,
            };
            await stdout.WriteLineAsync(JsonSerializer.Serialize(line, CliJsonContext.Default.BatchLine)).ConfigureAwait(false);
        }
        else if (!settings.Quiet)
        {
            if (result.Report is { } report)
            {
                printer.PrintLine(result.DisplayName, report);
            }
            else if (result.Rejection is { } rejection)
            {
                printer.PrintRejected(result.DisplayName, rejection.ReasonCode, rejection.Message);
            }
        }
    }

    private void PrintSummary(ConsoleStyle style, int done, Dictionary<Verdict, int> verdicts, SortedDictionary<string, int> rejections, List<double> latencies, TimeSpan elapsed)
    {
        var ci = CultureInfo.InvariantCulture;
        stdout.WriteLine();
        stdout.WriteLine(style.Bold("Summary"));
        stdout.WriteLine(string.Create(ci, $"  {"Messages",-12}{done,8}"));
        foreach (var verdict in new[] { Verdict.Clean, Verdict.Suspicious, Verdict.Malicious })
        {
            var count = verdicts[verdict];
            stdout.WriteLine(string.Create(ci, $"  {verdict,-12}{count,8}  {(done == 0 ? 0 : 100.0 * count / done),5:0.0}%"));
        }

        var rejected = rejections.Values.Sum();
        stdout.WriteLine(string.Create(ci, $"  {"Rejected",-12}{rejected,8}  {(done == 0 ? 0 : 100.0 * rejected / done),5:0.0}%{(rejected > 0 ? "  (" + string.Join(", ", rejections.Select(r => $"{r.Key}: {r.Value}")) + ")" : string.Empty)}"));
        if (latencies.Count > 0)
        {
            latencies.Sort();
            stdout.WriteLine(string.Create(ci, $"  {"Latency",-12}p50 {Percentile(latencies, 0.50):0.00} ms, p99 {Percentile(latencies, 0.99):0.00} ms"));
        }

        stdout.WriteLine(string.Create(ci, $"  {"Elapsed",-12}{elapsed.TotalSeconds:0.00} s ({done / Math.Max(elapsed.TotalSeconds, 0.001):0} messages/s)"));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private bool MeetsThreshold(Verdict verdict) => settings.FailOn is { } threshold && verdict >= threshold;

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<AnalysisReport> IndentedContext { get; } =
        new CliJsonContext(new JsonSerializerOptions(CliJsonContext.Default.Options) { WriteIndented = true }).AnalysisReport;
}
