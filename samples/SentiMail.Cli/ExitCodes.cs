namespace SentiMail.Cli;

/// <summary>The exit codes of the <c>sentimail</c> command (documented in the README and <c>docs/cli.md</c>).</summary>
internal static class ExitCodes
{
    /// <summary>Every input was analysed and no <c>--fail-on</c> threshold was met.</summary>
    public const int Analysed = 0;

    /// <summary>At least one message met the <c>--fail-on</c> threshold.</summary>
    public const int ThresholdMet = 1;

    /// <summary>The command line is wrong.</summary>
    public const int UsageError = 2;

    /// <summary>An input was rejected (not an email, over a limit, unreadable).</summary>
    public const int InputRejected = 3;
}
