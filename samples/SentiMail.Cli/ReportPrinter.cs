using System.Globalization;
using SentiMail.Reporting;
using SentiMail.Signals;

namespace SentiMail.Cli;

/// <summary>Writes reports for people: verdict, score, and the signals grouped by category with their evidence. File
/// names are escaped (<see cref="DisplayText"/>); the report's own text is escaped by the engine.</summary>
internal sealed class ReportPrinter(TextWriter output, ConsoleStyle style)
{
    public void PrintFull(string source, AnalysisReport report)
    {
        output.WriteLine(style.Bold(DisplayText.Escape(source)));
        output.WriteLine($"  Verdict: {style.Verdict(report.Verdict)}   Score: {report.Score}/100");
        if (report.Message.Subject is { Length: > 0 } subject)
        {
            output.WriteLine($"  Subject: {subject}");
        }

        if (report.Message.From is { Length: > 0 } from)
        {
            output.WriteLine($"  From:    {from}");
        }

        if (!report.Signals.Any(s => s.Weight > 0))
        {
            output.WriteLine("  Nothing in this message points to a threat.");
        }

        foreach (var group in report.Signals.GroupBy(s => s.Category).OrderByDescending(g => g.Sum(s => s.Weight)))
        {
            output.WriteLine();
            output.WriteLine($"  {style.Bold(group.Key.ToString())}");
            foreach (var signal in group)
            {
                PrintSignal(signal);
            }
        }

        output.WriteLine();
    }

    public void PrintLine(string source, AnalysisReport report)
    {
        var top = report.Signals.FirstOrDefault(s => s.Weight > 0)?.Id ?? "-";
        output.WriteLine($"{Pad(style.Verdict(report.Verdict), report.Verdict.ToString(), 10)} {report.Score,3}  {DisplayText.Escape(source)}  {style.Dim(top)}");
    }

    public void PrintRejected(string source, string reasonCode, string message)
    {
        output.WriteLine($"{Pad(style.Rejected("Rejected"), "Rejected", 10)}   -  {DisplayText.Escape(source)}  {style.Dim(reasonCode + ": " + DisplayText.Escape(message))}");
    }

    private void PrintSignal(Signal signal)
    {
        var weight = signal.Weight.ToString("+0;-0;0", CultureInfo.InvariantCulture);
        output.WriteLine($"    {weight,4}  {signal.Id}");
        output.WriteLine($"          {signal.Description}");
        foreach (var evidence in signal.Evidence.Take(5))
        {
            output.WriteLine(style.Dim($"          {evidence.Location}: {evidence.Value}"));
        }
    }

    private static string Pad(string styled, string plain, int width) => styled + new string(' ', Math.Max(0, width - plain.Length));
}
