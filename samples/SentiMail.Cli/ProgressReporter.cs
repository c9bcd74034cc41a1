using System.Diagnostics;
using System.Globalization;

namespace SentiMail.Cli;

/// <summary>A progress bar on standard error, drawn only when standard error is a terminal, at most 10 times a second.</summary>
internal sealed class ProgressReporter(TextWriter error, bool enabled, int? total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = -1000;
    private bool _drawn;

    public void Report(int done)
    {
        if (!enabled || _clock.ElapsedMilliseconds - _lastDraw < 100)
        {
            return;
        }

        _lastDraw = _clock.ElapsedMilliseconds;
        var rate = done / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        string line;
        if (total is { } t && t > 0)
        {
            const int Width = 30;
            var filled = (int)(Width * Math.Min(1.0, done / (double)t));
            line = string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', Width - filled)}] {done}/{t} ({rate:0}/s)");
        }
        else
        {
            line = string.Create(CultureInfo.InvariantCulture, $"{done} analysed ({rate:0}/s)");
        }

        error.Write("\r" + line + "\u001b[K");
        _drawn = true;
    }

    public void Clear()
    {
        if (_drawn)
        {
            error.Write("\r\u001b[K");
            _drawn = false;
        }
    }
}
