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
