using SentiMail.Scoring;

namespace SentiMail.Cli;

/// <summary>ANSI colours, used only when the output is a terminal and <c>NO_COLOR</c> is not set.</summary>
internal sealed class ConsoleStyle(bool enabled)
{
    public static ConsoleStyle For(bool redirected) =>
        new(!redirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal));

    public bool Enabled { get; } = enabled;

    public string Bold(string text) => Wrap("1", text);

    public string Dim(string text) => Wrap("2", text);

    public string Verdict(Verdict verdict) => verdict switch
    {
        Scoring.Verdict.Malicious => Wrap("1;31", "Malicious"),
        Scoring.Verdict.Suspicious => Wrap("1;33", "Suspicious"),
        _ => Wrap("1;32", "Clean"),
    };

    public string Rejected(string text) => Wrap("35", text);

    private string Wrap(string code, string text) => Enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
