using System.Diagnostics;
using System.Globalization;

namespace SentiMail.CorpusRunner;

/// <summary>
/// CPU time used by this process and, on Linux, by the whole machine (from <c>/proc/stat</c>), so that a pass can tell
/// how much CPU it used per message and whether other processes competed for the cores while it ran.
/// </summary>
internal readonly record struct MachineLoad(TimeSpan ProcessCpu, TimeSpan? MachineBusy)
{
    private const string ProcStat = "/proc/stat";

    public static MachineLoad Read()
    {
        using var process = Process.GetCurrentProcess();
        return new MachineLoad(process.TotalProcessorTime, ReadMachineBusy());
    }

    private static TimeSpan? ReadMachineBusy()
    {
        try
        {
            if (!File.Exists(ProcStat))
            {
                return null;
            }

            // First line: "cpu  user nice system idle iowait irq softirq steal ..." in clock ticks (USER_HZ, 100 on Linux).
            var line = File.ReadLines(ProcStat).FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            if (line is null)
            {
                return null;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long busy = 0;
            for (var i = 1; i < fields.Length && i <= 8; i++)
            {
                // Idle (4th value) and iowait (5th) are not busy.
                if (i is 4 or 5)
                {
                    continue;
                }

                busy += long.Parse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture);
            }

            return TimeSpan.FromSeconds(busy / 100.0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
