using Microsoft.Extensions.FileSystemGlobbing;
using SentiMail.Deploy.Tests.Infrastructure;

namespace SentiMail.Deploy.Tests;

public sealed class SonarPropertiesTests
{
    private static readonly Lazy<Dictionary<string, string>> s_properties = new(Load);

    [Fact]
    public void Properties_NameTheProject_AndFoldersThatExist()
    {
        var p = s_properties.Value;
        Assert.False(string.IsNullOrWhiteSpace(p["sonar.projectKey"]));
        foreach (var folder in p["sonar.sources"].Split(',').Concat(p["sonar.tests"].Split(',')))
        {
            Assert.True(Directory.Exists(Repository.File(folder)), folder + " does not exist");
        }
    }

    [Fact]
    public void Exclusions_CoverGeneratedCodeAndTestData()
    {
        var exclusions = s_properties.Value["sonar.exclusions"].Split(',').Select(e => e.Trim()).ToList();
        Assert.Superset(new HashSet<string> { "**/obj/**", "**/*.g.cs", "samples/SentiMail.Host/Migrations/**" }, exclusions.ToHashSet());
        Assert.Contains("tests/**/TestData/**", s_properties.Value["sonar.test.exclusions"].Split(','));
        Assert.True(Directory.Exists(Repository.File("tests", "SentiMail.Core.Tests", "TestData")), "the excluded test data folder moved");
    }

    [Fact]
    public void CoverageReportPath_MatchesTheFileCoverletWritesInOpenCoverFormat()
    {
        var pattern = s_properties.Value["sonar.cs.opencover.reportsPaths"];
        Assert.EndsWith("/coverage.opencover.xml", pattern, StringComparison.Ordinal);
        var matcher = new Matcher();
        matcher.AddInclude(pattern);
        Assert.True(matcher.Match("tests/SentiMail.Core.Tests/TestResults/3f1c2a/coverage.opencover.xml").HasMatches);
        Assert.False(matcher.Match("tests/SentiMail.Core.Tests/TestResults/3f1c2a/coverage.cobertura.xml").HasMatches);
    }

    private static Dictionary<string, string> Load()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string? pending = null;
        foreach (var raw in File.ReadAllLines(Repository.File("sonar-project.properties")))
        {
            var line = raw.Trim();
            if (pending is null && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            line = pending + line;
            if (line.EndsWith('\\'))
            {
                pending = line[..^1];
                continue;
            }

            pending = null;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            result[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }

        return result;
    }
}
