using System.Globalization;

namespace SentiMail.CorpusRunner;

/// <summary>What to run, from the command line.</summary>
internal sealed class RunnerOptions
{
    public static readonly string Usage = string.Join(
        Environment.NewLine,
        "Usage: SentiMail.CorpusRunner [options]",
        "",
        "Analyses every message of a corpus (one folder per group, such as easy-ham-1 or spam-2) in memory with one shared",
        "EmailAnalyzer.CreateDefault(), and prints throughput, latency, memory, rejections, verdicts per group and the most",
        "frequent signals per group.",
        "",
        "  --corpus <dir>    The corpus folder (holding one folder per group). Default: the folder printed by",
        "                    eng/get-corpus.sh, which fetches the SpamAssassin corpus on first use.",
        "  --parallel <N>    Messages analysed at once. Default: the number of processors.",
        "  --warmup <W>      Untimed warm-up passes before the timed ones. Default: 1. The JIT keeps tiering up hot",
        "                    methods for several seconds (tiered PGO): use --warmup 5 --warmup-seconds 10 or more",
        "                    for steady-state figures.",
        "  --warmup-seconds <S>  Keep running warm-up passes until at least S seconds have passed. Default: 0.",
        "  --repeat <K>      Timed passes over the corpus, after the warm-up. Default: 3.",
        "  --parse-only      Time the parse step alone (the engine's internal MessageParser).",
        "  --compare         Time the parse step alone, MimeKit's standard parse + decode, then the full analysis, and print the ratios.",
        "  --json <file>     Also write the figures as JSON.",
        "  --outcomes <file> Also write one line per message (group, file, verdict, score, signals with weights) as",
        "                    tab-separated text, to find a group's false positives or to diff two engine versions.",
        "  --top <N>         Signals listed per group. Default: 15.",
        "  --model <file>    Also run the spam model (SentiMail.MachineLearning) after the built-in analyzers: a model",
        "                    file, or 'embedded' for the model shipped in the package. Prints the model load time.",
        "  -h, --help        Show this help.");

    public string? CorpusDirectory { get; private set; }

    public int Parallelism { get; private set; } = Environment.ProcessorCount;

    public int Repeat { get; private set; } = 3;

    public int Warmup { get; private set; } = 1;

    public int WarmupSeconds { get; private set; }

    public bool ParseOnly { get; private set; }

    public bool Compare { get; private set; }

    public string? JsonPath { get; private set; }

    public string? OutcomesPath { get; private set; }

    public int Top { get; private set; } = 15;

    public string? ModelPath { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <summary>Reads the arguments.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="options">The options, when they are valid.</param>
    /// <param name="error">Why they are not, otherwise.</param>
    /// <returns>Whether the arguments are valid.</returns>
    public static bool TryParse(string[] args, out RunnerOptions options, out string? error)
    {
        options = new RunnerOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    options.ShowHelp = true;
                    break;
                case "--parse-only":
                    options.ParseOnly = true;
                    break;
                case "--compare":
                    options.Compare = true;
                    break;
                case "--corpus" or "--json" or "--outcomes" or "--model" or "--parallel" or "--repeat" or "--warmup" or "--warmup-seconds" or "--top":
                    if (i + 1 >= args.Length)
                    {
                        error = $"{arg} needs a value.";
                        return false;
                    }

                    if (!options.TrySet(arg, args[++i], out error))
                    {
                        return false;
                    }

                    break;
                default:
                    error = $"Unknown argument '{arg}'.";
                    return false;
            }
        }

        if (options.ParseOnly && options.Compare)
        {
            error = "--parse-only and --compare cannot be combined (--compare runs both modes).";
            return false;
        }

        return true;
    }

    private bool TrySet(string name, string value, out string? error)
    {
        error = null;
        switch (name)
        {
            case "--corpus":
                CorpusDirectory = value;
                return true;
            case "--json":
                JsonPath = value;
                return true;
            case "--outcomes":
                OutcomesPath = value;
                return true;
            case "--model":
                ModelPath = value;
                return true;
            default:
                var least = name == "--warmup-seconds" ? 0 : 1;
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < least || number > 1024)
                {
                    error = $"{name} takes a whole number from {least} to 1024 (was '{value}').";
                    return false;
                }

                if (name == "--parallel")
                {
                    Parallelism = number;
                }
                else if (name == "--repeat")
                {
                    Repeat = number;
                }
                else if (name == "--warmup")
                {
                    Warmup = number;
                }
                else if (name == "--warmup-seconds")
                {
                    WarmupSeconds = number;
                }
                else
                {
                    Top = number;
                }

                return true;
        }
    }
}
