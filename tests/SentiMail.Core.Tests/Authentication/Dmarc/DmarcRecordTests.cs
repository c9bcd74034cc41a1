using SentiMail.Authentication.Dmarc;

namespace SentiMail.Tests.Authentication.Dmarc;

/// <summary>Parsing of DMARC records (RFC 7489 §6.3, §6.4 and §6.6.3).</summary>
public class DmarcRecordTests
{
    [Fact]
    public void Parse_Minimal_HasTheDefaults()
    {
        var record = DmarcRecord.Parse("v=DMARC1; p=reject");

        Assert.NotNull(record);
        Assert.Equal("reject", record.Policy);
        Assert.Null(record.SubdomainPolicy);
        Assert.Equal(100, record.Percent);
        Assert.False(record.StrictDkim);
        Assert.False(record.StrictSpf);
        Assert.Equal("0", record.FailureOptions);
        Assert.Empty(record.AggregateReportUris);
        Assert.Empty(record.FailureReportUris);
        Assert.Empty(record.Errors);
    }

    [Fact]
    public void Parse_EveryTag_IsRead()
    {
        var record = DmarcRecord.Parse("v=DMARC1; p=quarantine; sp=reject; pct=25; adkim=s; aspf=s; fo=1:d; rua=mailto:agg@example.com,mailto:agg@report.example; ruf=mailto:forensic@example.com; ri=86400; rf=afrf");

        Assert.NotNull(record);
        Assert.Equal(("quarantine", "reject", 25), (record.Policy, record.SubdomainPolicy, record.Percent));
        Assert.True(record.StrictDkim);
        Assert.True(record.StrictSpf);
        Assert.Equal("1:d", record.FailureOptions);
        Assert.Equal(["mailto:agg@example.com", "mailto:agg@report.example"], record.AggregateReportUris);
        Assert.Equal(["mailto:forensic@example.com"], record.FailureReportUris);
        Assert.Empty(record.Errors);
    }

    [Theory]
    [InlineData("v=DMARC1;p=none", "none")]
    [InlineData("v = DMARC1 ; p = Reject ;", "reject")]
    [InlineData("v=DMARC1; P=QUARANTINE", "quarantine")]
    [InlineData("v=DMARC1;\tp=reject;\t", "reject")]
    public void Parse_SpacingAndCase_AreTolerated(string text, string policy)
    {
        var record = DmarcRecord.Parse(text);

        Assert.NotNull(record);
        Assert.Equal(policy, record.Policy);
        Assert.Empty(record.Errors);
    }

    [Theory]
    [InlineData("adkim=r", false)]
    [InlineData("adkim=s", true)]
    [InlineData("adkim=S", true)]
    public void Parse_Adkim_SetsStrictDkim(string tag, bool strict)
    {
        Assert.Equal(strict, DmarcRecord.Parse($"v=DMARC1; p=none; {tag}")!.StrictDkim);
    }

    [Theory]
    [InlineData("aspf=r", false)]
    [InlineData("aspf=s", true)]
    public void Parse_Aspf_SetsStrictSpf(string tag, bool strict)
    {
        Assert.Equal(strict, DmarcRecord.Parse($"v=DMARC1; p=none; {tag}")!.StrictSpf);
    }

    [Theory]
    [InlineData("pct=0", 0)]
    [InlineData("pct=100", 100)]
    [InlineData("pct=37", 37)]
    public void Parse_PctInRange_IsKept(string tag, int percent)
    {
        var record = DmarcRecord.Parse($"v=DMARC1; p=reject; {tag}")!;

        Assert.Equal(percent, record.Percent);
        Assert.Empty(record.Errors);
    }

    [Theory]
    [InlineData("pct=101")]
    [InlineData("pct=150")]
    [InlineData("pct=-1")]
    [InlineData("pct=half")]
    [InlineData("pct=")]
    public void Parse_PctOutOfRange_Uses100AndSaysSo(string tag)
    {
        var record = DmarcRecord.Parse($"v=DMARC1; p=reject; {tag}")!;

        Assert.Equal(100, record.Percent);
        Assert.Contains(record.Errors, e => e.StartsWith("pct=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("adkim=x")]
    [InlineData("adkim=strict")]
    [InlineData("aspf=relaxed")]
    public void Parse_UnknownAlignment_IsRelaxedAndSaysSo(string tag)
    {
        var record = DmarcRecord.Parse($"v=DMARC1; p=reject; {tag}")!;

        Assert.False(record.StrictDkim);
        Assert.False(record.StrictSpf);
        Assert.Contains(record.Errors, e => e.Contains("is not r or s", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DuplicateTag_KeepsTheFirstAndSaysSo()
    {
        var record = DmarcRecord.Parse("v=DMARC1; p=reject; p=none")!;

        Assert.Equal("reject", record.Policy);
        Assert.Contains("The tag p= appears twice.", record.Errors);
    }

    [Fact]
    public void Parse_PolicyMissingWithoutRua_IsNotAUsableRecord()
    {
        // RFC 7489 §6.6.3 step 6: no valid p= and no valid rua= URI: no DMARC processing.
        Assert.Null(DmarcRecord.Parse("v=DMARC1; adkim=s"));
    }

    [Theory]
    [InlineData("v=DMARC1; rua=mailto:dmarc@example.com")]
    [InlineData("v=DMARC1; p=block; rua=mailto:dmarc@example.com")]
    [InlineData("v=DMARC1; p=reject; sp=block; rua=mailto:dmarc@example.com")]
    public void Parse_PolicyMissingOrInvalidWithRua_ActsAsPNone(string text)
    {
        // RFC 7489 §6.6.3 step 6: no valid p= (or an invalid sp=) but a valid rua= URI: act as p=none.
        var record = DmarcRecord.Parse(text);

        Assert.NotNull(record);
        Assert.Equal("none", record.Policy);
        Assert.Null(record.SubdomainPolicy);
        Assert.NotEmpty(record.Errors);
    }

    [Theory]
    [InlineData("v=DMARC1; p=block")]
    [InlineData("v=DMARC1; p=block; rua=dmarc@example.com")]
    [InlineData("v=DMARC1; p=reject; sp=block")]
    public void Parse_PolicyInvalidWithoutValidRua_IsNotAUsableRecord(string text)
    {
        Assert.Null(DmarcRecord.Parse(text));
    }

    [Fact]
    public void Parse_RuaWithoutMailto_SaysSo()
    {
        var record = DmarcRecord.Parse("v=DMARC1; p=none; rua=https://report.example/dmarc")!;

        Assert.Contains(record.Errors, e => e.Contains("not a mailto: URI", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("p=reject; v=DMARC1")]
    [InlineData("v=DMARC2; p=reject")]
    [InlineData("v=dmarc1; p=reject")]
    [InlineData("v=spf1 -all")]
    [InlineData("p=reject")]
    [InlineData("")]
    [InlineData("DMARC1; p=reject")]
    public void Parse_NotStartingWithVDmarc1_ReturnsNull(string text)
    {
        Assert.Null(DmarcRecord.Parse(text));
    }
}
