namespace SentiMail.Cli;

/// <summary>The exit codes of the <c>sentimail</c> command (documented in the repository's README.md, section "The command line", and in samples/SentiMail.Cli/README.md).</summary>
internal static class ExitCodes
{
    /// <summary>Every input was analysed and no <c>--fail-on</c> threshold was met.</summary>
    public const int Analysed = 0;

    /// <summary>At least one message met the <c>--fail-on</c> threshold.</summary>
    public const int ThresholdMet = 1;

    /// <summary>The command line is wrong.</summary>
    public const int UsageError = 2;

    /// <summary>An input was rejected (not an email, over a limit, unreadable), or the inputs held no message at all.</summary>
    public const int InputRejected = 3;
}
