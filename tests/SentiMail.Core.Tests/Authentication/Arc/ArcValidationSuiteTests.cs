using SentiMail.Authentication.Arc;
using SentiMail.Authentication.Dkim;
using SentiMail.Parsing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Authentication.Arc;

/// <summary>
/// ValiMail's ARC validation suite (<c>TestData/arc/arc-valimail/</c>, MIT): one row per case, the scenario's
/// <c>txt-records</c> served by an <see cref="SentiMail.Dns.InMemoryDnsResolver"/> (every other name NXDOMAIN), the
/// message converted from LF to CRLF, and the chain validation result compared with the case's <c>cv</c>. Every case
/// where SentiMail deliberately differs is listed, with its reason, in <c>TestData/arc/KNOWN-DIFFERENCES.md</c> and in
/// <see cref="KnownDifferences"/>; the test then asserts the documented outcome.
/// </summary>
public class ArcValidationSuiteTests
{
    /// <summary>The cases whose expected <c>cv</c> is empty: an existing ARC-Seal already says <c>cv=fail</c>. SentiMail
    /// reads them as <see cref="ArcResult.Fail"/> (RFC 8617 §5.2: a chain whose latest seal says cv=fail has failed).</summary>
    private static readonly string[] s_emptyCvCases = ["cv_fail_i1_as_cv_fail", "cv_fail_i2_as2_fail", "cv_fail_i2_as1_fail"];

    /// <summary>Cases where SentiMail's outcome differs from the suite's <c>cv</c>, with the outcome asserted instead
    /// (<see langword="null"/>: the message is rejected before ARC runs) and the reason, as in KNOWN-DIFFERENCES.md.</summary>
    private static readonly Dictionary<string, (ArcResult? Outcome, string Reason)> s_knownDifferences = new(StringComparer.Ordinal)
    {
        ["cv_empty"] = (null, "a zero-byte message is not a message: MessageParser rejects it as Empty (and MimeKit cannot load it), so no ARC result exists"),
        ["ams_fields_c_na"] = (ArcResult.Fail, "MimeKit gives an AMS without c= the DKIM default simple/simple; the suite (after dkimpy) assumes relaxed/relaxed"),
    };

    public static TheoryData<string> CaseNames => [.. ArcValidationSuite.Cases.Keys];

    /// <summary>Gets the known differences, for the documentation check.</summary>
    internal static IReadOnlyDictionary<string, (ArcResult? Outcome, string Reason)> KnownDifferences => s_knownDifferences;

    [Fact]
    public void Suite_File_Holds171CasesWithTheDocumentedResults()
    {
        var cases = ArcValidationSuite.Cases.Values.ToList();

        Assert.Equal(171, cases.Count);
        Assert.Equal(54, cases.Count(c => c.Cv == "Pass"));
        Assert.Equal(109, cases.Count(c => c.Cv == "Fail"));
        Assert.Equal(5, cases.Count(c => c.Cv == "None"));
        Assert.Equal(s_emptyCvCases.Order(StringComparer.Ordinal), cases.Where(c => c.Cv.Length == 0).Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(10, cases.Select(c => c.Scenario).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void KnownDifferences_EveryOne_IsACaseAndDocumented()
    {
        var document = File.ReadAllText(Path.Combine(AuthenticationTestData.ArcSuites, "KNOWN-DIFFERENCES.md"));

        foreach (var name in s_knownDifferences.Keys)
        {
            Assert.True(ArcValidationSuite.Cases.ContainsKey(name), name);
            Assert.Contains($"`{name}`", document, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task VerifyAsync_SuiteCase_MatchesCv(string name)
    {
        var suiteCase = ArcValidationSuite.Cases[name];
        var expected = Expected(suiteCase);
        if (expected is null)
        {
            var raw = ArcValidationSuite.MessageBytes(suiteCase);
            var rejected = Assert.Throws<MessageRejectedException>(() => new MessageParser(new MessageLimits()).Parse(raw, raw.Length, CancellationToken.None));
            Assert.Equal(RejectionReason.Empty, rejected.Reason);
            return;
        }

        using var message = AuthenticationTestData.Parse(ArcValidationSuite.MessageBytes(suiteCase));
        var locator = new DnsDkimPublicKeyLocator(ArcValidationSuite.Resolver(suiteCase));

        var result = await ArcVerification.VerifyAsync(message, locator, CancellationToken.None);

        Assert.True(expected == result.Result, $"{name} ({suiteCase.Description}): expected {expected} (cv '{suiteCase.Cv}'), got {result.Result}: {result.Detail}");
    }

    private static ArcResult? Expected(ArcSuiteCase suiteCase)
    {
        if (s_knownDifferences.TryGetValue(suiteCase.Name, out var difference))
        {
            return difference.Outcome;
        }

        return suiteCase.Cv switch
        {
            "Pass" => ArcResult.Pass,
            "Fail" => ArcResult.Fail,
            "None" => ArcResult.None,
            "" => ArcResult.Fail,
            _ => throw new InvalidDataException($"{suiteCase.Name} has an unknown cv '{suiteCase.Cv}'."),
        };
    }
}
