using System.Globalization;
using System.Text.RegularExpressions;

namespace SentiMail.Deploy.Tests.HighAvailability;

/// <summary>One line of the access log written with the <c>sentimail_ha</c> format: when, the final status, and the
/// upstream ports nginx tried in order (more than one when it moved to the other host).</summary>
internal sealed partial record UpstreamLog(DateTimeOffset Time, int Status, IReadOnlyList<int> Upstreams, string Method)
{
    public static IReadOnlyList<UpstreamLog> Read(string path) =>
        [.. File.ReadAllLines(path).Select(line => Line().Match(line)).Where(m => m.Success).Select(m => new UpstreamLog(
            DateTimeOffset.FromUnixTimeMilliseconds((long)(double.Parse(m.Groups["msec"].Value, CultureInfo.InvariantCulture) * 1000)),
            int.Parse(m.Groups["status"].Value, CultureInfo.InvariantCulture),
            [.. Port().Matches(m.Groups["upstreams"].Value).Select(p => int.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture))],
            m.Groups["method"].Value))];

    [GeneratedRegex("""^(?<msec>\d+\.\d+) (?<status>\d+) "(?<upstreams>[^"]*)" "[^"]*" (?<method>\S+)$""")]
    private static partial Regex Line();

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)")]
    private static partial Regex Port();
}
