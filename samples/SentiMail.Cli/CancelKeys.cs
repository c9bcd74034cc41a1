namespace SentiMail.Cli;

/// <summary>What Ctrl+C does: the first press cancels the command (most work stops at the next message); a second
/// press asks to stop at once, for the steps that cannot stop midway (a model being fitted, a named pipe nobody
/// writes to being opened).</summary>
internal sealed class CancelKeys(CancellationTokenSource cancel, TextWriter stderr)
{
    private int _presses;

    /// <summary>Handles one press.</summary>
    /// <returns><see langword="true"/> when the process should end now, with exit code 130.</returns>
    public bool Press()
    {
        if (Interlocked.Increment(ref _presses) == 1)
        {
            stderr.WriteLine("sentimail: cancelling... (press Ctrl+C again to stop at once)");
            cancel.Cancel();
            return false;
        }

        stderr.WriteLine("sentimail: stopped.");
        return true;
    }
}
