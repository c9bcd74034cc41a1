using SentiMail.Signals;

namespace SentiMail.Scoring;

/// <summary>Applies a <see cref="ScoringPolicy"/> to signals.</summary>
internal static class Scorer
{
    public static (int Score, Verdict Verdict, IReadOnlyList<Signal> Signals) Score(ScoringPolicy policy, IReadOnlyList<Signal> raw)
    {
        var kept = new List<Signal>(raw.Count);
        double total = 0;
        foreach (var signal in raw)
        {
            if (policy.Apply(signal) is not { } s)
            {
                continue;
            }

            kept.Add(s);
            total += s.Weight;
        }

        // Strongest first, so that a reader sees the main reasons at the top.
        kept.Sort(static (a, b) => b.Weight.CompareTo(a.Weight) is var c && c != 0 ? c : string.CompareOrdinal(a.Id, b.Id));
        var score = (int)Math.Round(Math.Clamp(total, 0, 100), MidpointRounding.AwayFromZero);
        return (score, policy.GetVerdict(score), kept);
    }
}
