using System.Security.Cryptography;
using SentiMail.Authentication.Spf;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Authentication.Spf;

/// <summary>
/// The third-party SPF suites copied into <c>TestData/spf/</c>, one theory per suite and one row per case, named after the
/// suite's own test names. A case listed in <c>TestData/spf/KNOWN-DIFFERENCES.md</c> must give exactly the documented
/// alternative result (so a fix shows up as a failure until the row is removed); every other case must give one of the
/// suite's accepted results, and its explanation when the suite states one.
/// </summary>
public class SpfSuiteTests
{
    public static TheoryData<string> Rfc7208Cases => SpfSuites.Names(SpfSuites.OpenSpf7208);

    public static TheoryData<string> Rfc4408Cases => SpfSuites.Names(SpfSuites.OpenSpf4408);

    public static TheoryData<string> PyspfExtraCases => SpfSuites.Names(SpfSuites.PyspfExtra);

    public static TheoryData<string> BlitiriCases => SpfSuites.Names(SpfSuites.Blitiri);

    public static TheoryData<string> StalwartCases => SpfSuites.Names(SpfSuites.Stalwart);

    [Theory]
    [MemberData(nameof(Rfc7208Cases))]
    public Task Rfc7208_SuiteCase_GivesAnAcceptedResult(string name) => AssertCaseAsync(SpfSuites.OpenSpf7208, name);

    [Theory]
    [MemberData(nameof(Rfc4408Cases))]
    public Task Rfc4408_SuiteCase_GivesAnAcceptedResult(string name) => AssertCaseAsync(SpfSuites.OpenSpf4408, name);

    [Theory]
    [MemberData(nameof(PyspfExtraCases))]
    public Task PyspfExtra_SuiteCase_GivesAnAcceptedResult(string name) => AssertCaseAsync(SpfSuites.PyspfExtra, name);

    [Theory]
    [MemberData(nameof(BlitiriCases))]
    public Task Blitiri_SuiteCase_GivesAnAcceptedResult(string name) => AssertCaseAsync(SpfSuites.Blitiri, name);

    [Theory]
    [MemberData(nameof(StalwartCases))]
    public Task Stalwart_SuiteCase_GivesAnAcceptedResult(string name) => AssertCaseAsync(SpfSuites.Stalwart, name);

    [Theory]
    [InlineData(SpfSuites.OpenSpf7208, 203)]
    [InlineData(SpfSuites.OpenSpf4408, 191)]
    [InlineData(SpfSuites.PyspfExtra, 16)]
    [InlineData(SpfSuites.Blitiri, 21)]
    [InlineData(SpfSuites.Stalwart, 163)]
    public void Get_Suite_LoadsEveryCase(string suite, int count)
    {
        Assert.Equal(count, SpfSuites.Get(suite).Count);
    }

    [Fact]
    public void Get_Rfc7208_HoldsTheExplanationAndMultiResultCases()
    {
        var cases = SpfSuites.Get(SpfSuites.OpenSpf7208).Values;

        Assert.Equal(22, cases.Count(c => c.Explanation is not null));
        Assert.Equal(6, cases.Count(c => c.Results.Count > 1));
    }

    [Fact]
    public void TestData_SuiteFiles_AreByteExactCopies()
    {
        var lines = File.ReadAllLines(Path.Combine(SpfSuites.Folder, "SHA256SUMS"));

        Assert.Equal(27, lines.Length);
        foreach (var line in lines)
        {
            var hash = line[..64];
            var path = Path.Combine(SpfSuites.Folder, line[66..].Replace('/', Path.DirectorySeparatorChar));
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
        }
    }

    [Fact]
    public void KnownDifferences_EveryRow_NamesAnExistingCaseOnce()
    {
        var rows = SpfKnownDifference.Load();

        Assert.Equal(14, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => (r.Suite, r.Key)).Distinct().Count());
        foreach (var row in rows)
        {
            var testCase = SpfSuites.Get(row.Suite)[row.Key];
            Assert.Equal(row.SuiteExpects, string.Join(", ", testCase.Results));
            Assert.False(string.IsNullOrWhiteSpace(row.Reason));
        }

        Assert.DoesNotContain(rows, r => r.Suite is SpfSuites.OpenSpf7208 or SpfSuites.OpenSpf4408);
    }

    private static async Task AssertCaseAsync(string suite, string name)
    {
        var testCase = SpfSuites.Get(suite)[name];

        var actual = await testCase.RunAsync();

        var rfcName = SpfCheckResult.ToRfcName(actual.Result);
        if (SpfKnownDifference.Find(suite, name) is { } known)
        {
            Assert.Equal(known.SentiMailGives, rfcName);
            Assert.DoesNotContain(rfcName, testCase.Results);
            return;
        }

        Assert.True(testCase.Results.Contains(rfcName), $"{testCase}: expected {string.Join(" or ", testCase.Results)}, got {rfcName} ({actual.Reason ?? actual.Mechanism})");
        if (testCase.Explanation is { } explanation)
        {
            Assert.Equal(explanation == "DEFAULT" ? null : explanation, actual.Explanation);
        }
    }
}
