namespace SentiMail.Tests.TestSupport;

/// <summary>One row of <c>TestData/spf/KNOWN-DIFFERENCES.md</c>: a suite case whose expected result SentiMail
/// deliberately does not give, with the result it gives instead.</summary>
/// <param name="Suite">The suite (<c>rfc7208</c>, <c>blitiri</c>...).</param>
/// <param name="Key">The case name.</param>
/// <param name="SuiteExpects">The result(s) the suite expects.</param>
/// <param name="SentiMailGives">The result SentiMail gives.</param>
/// <param name="Reason">Why.</param>
internal sealed record SpfKnownDifference(string Suite, string Key, string SuiteExpects, string SentiMailGives, string Reason)
{
    /// <summary>Gets the path of the file.</summary>
    public static string Path => System.IO.Path.Combine(SpfSuites.Folder, "KNOWN-DIFFERENCES.md");

    /// <summary>Reads the table rows of the file: <c>| suite | case | suite expects | SentiMail gives | reason |</c>.</summary>
    public static IReadOnlyList<SpfKnownDifference> Load()
    {
        var rows = new List<SpfKnownDifference>();
        foreach (var line in File.ReadLines(Path))
        {
            if (!line.StartsWith("| ", StringComparison.Ordinal) || line.StartsWith("| suite ", StringComparison.Ordinal) || line.StartsWith("| ---", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray();
            rows.Add(new SpfKnownDifference(cells[0], cells[1], cells[2], cells[3], cells[4]));
        }

        return rows;
    }

    /// <summary>Returns the row for a case, if any.</summary>
    public static SpfKnownDifference? Find(string suite, string key) =>
        Load().SingleOrDefault(d => d.Suite == suite && d.Key == key);
}
