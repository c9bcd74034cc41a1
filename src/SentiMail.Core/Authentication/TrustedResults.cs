using MimeKit;
using SentiMail.Context;
using SentiMail.Signals;

namespace SentiMail.Authentication;

/// <summary>
/// Reads SPF, DKIM and DMARC results from <c>Authentication-Results</c> headers (RFC 8601) written by trusted servers
/// (configured authserv-ids), for offline analysis behind your own MTA. Headers from any other id are ignored.
/// </summary>
internal static class TrustedResults
{
    /// <summary>Raises signals from the first trusted header; returns <see langword="false"/> when there is none.</summary>
    public static bool Apply(AnalysisContext context, SignalCollector signals, IList<string> trustedIds)
    {
        if (trustedIds.Count == 0)
        {
            return false;
        }

        foreach (var header in context.Message.Headers)
        {
            if (header.Id != HeaderId.AuthenticationResults)
            {
                continue;
            }

            var value = header.Value;
            var semicolon = value.IndexOf(';', StringComparison.Ordinal);
            var id = (semicolon < 0 ? value : value[..semicolon]).Trim().Split(' ', 2)[0];
            if (!trustedIds.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var results = Parse(semicolon < 0 ? string.Empty : value[(semicolon + 1)..]);
            var location = $"header:Authentication-Results ({id})";
            Raise(signals, results, "spf", location, id);
            Raise(signals, results, "dkim", location, id);
            Raise(signals, results, "dmarc", location, id);
            Raise(signals, results, "arc", location, id);
            return true;
        }

        return false;
    }

    internal static Dictionary<string, (string Result, string Text)> Parse(string resinfo)
    {
        var results = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in resinfo.Split(';'))
        {
            var text = part.Trim();
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var method = text[..eq].Trim();
            var rest = text[(eq + 1)..].TrimStart();
            var end = rest.IndexOfAny([' ', '\t', '(']);
            var result = (end < 0 ? rest : rest[..end]).ToLowerInvariant();

            // For DKIM, keep a pass if any signature passed.
            if (!results.TryGetValue(method, out var existing) || (existing.Item1 != "pass" && result == "pass"))
            {
                results[method] = (result, text);
            }
        }

        return results;
    }

    private static void Raise(SignalCollector signals, Dictionary<string, (string Result, string Text)> results, string method, string location, string id)
    {
        if (!results.TryGetValue(method, out var r))
        {
            return;
        }

        var definition = (method, r.Result) switch
        {
            ("spf", "pass") => AuthenticationSignals.SpfPass,
            ("spf", "fail") => AuthenticationSignals.SpfFail,
            ("spf", "softfail") => AuthenticationSignals.SpfSoftFail,
            ("spf", "neutral") => AuthenticationSignals.SpfNeutral,
            ("spf", "none") => AuthenticationSignals.SpfNone,
            ("spf", "permerror") => AuthenticationSignals.SpfPermError,
            ("spf", "temperror") => AuthenticationSignals.SpfTempError,
            ("dkim", "pass") => AuthenticationSignals.DkimPass,
            ("dkim", "fail" or "permerror" or "neutral" or "policy") => AuthenticationSignals.DkimFail,
            ("dkim", "none") => AuthenticationSignals.DkimNone,
            ("dkim", "temperror") => AuthenticationSignals.DkimTempError,
            ("dmarc", "pass") => AuthenticationSignals.DmarcPass,
            ("dmarc", "fail") => AuthenticationSignals.DmarcFail,
            ("dmarc", "none") => AuthenticationSignals.DmarcNone,
            ("dmarc", "temperror") => AuthenticationSignals.DmarcTempError,
            ("arc", "pass") => AuthenticationSignals.ArcPass,
            ("arc", "fail") => AuthenticationSignals.ArcFail,
            _ => null,
        };

        if (definition is not null)
        {
            double? weight = definition == AuthenticationSignals.DmarcFail
                ? r.Text.Contains("p=reject", StringComparison.OrdinalIgnoreCase) ? 35 : r.Text.Contains("p=quarantine", StringComparison.OrdinalIgnoreCase) ? 25 : 12
                : null;
            signals.Add(definition, $"{method.ToUpperInvariant()} {r.Result}, as reported by the trusted server {id}.", location, r.Text, weight);
        }
    }
}
