using BenchmarkDotNet.Running;

namespace SentiMail.Benchmarks;

/// <summary>Runs the benchmarks picked on the command line (BenchmarkSwitcher: --filter, --job, --list...).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    /// <param name="args">BenchmarkDotNet's arguments.</param>
    /// <returns>0 when every benchmark ran, 1 when one failed (so that CI notices).</returns>
    public static int Main(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
