using System.Diagnostics;
using System.Text;
using SentiMail.Parsing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Parsing;

/// <summary>A malformed parameter must not hide a file name, and every name a part declares is checked.</summary>
public class FileNameCandidatesTests
{
    private static readonly byte[] s_script = Encoding.ASCII.GetBytes("var s=new ActiveXObject('WScr'+'ipt.Shell');s.Run('calc');\r\n");

    public static TheoryData<string> Tricks =>
    [
        "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"{0}\"; trouble",
        "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; x; filename=\"{0}\"",
        "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; =x; filename=\"{0}\"",
        "Content-Type: application/octet-stream\r\nContent-Disposition: attachment filename=\"{0}\"",
        "Content-Type: application/octet-stream; name=\"{0}\"\r\nContent-Disposition: attachment; filename=\"\"",
        "Content-Type: application/octet-stream; name=\"{0}\"\r\nContent-Disposition: attachment; filename=\" \"",
        "Content-Type: application/octet-stream; =\"; name=\"{0}\"",
        "Content-Type: application/octet-stream; name=\"{0}\"; x\r\nContent-Disposition: attachment; filename=\"{0}\"; x",
        "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"agenda.txt\"; filename=\"{0}\"",
        "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-8''agenda.txt; filename=\"{0}\"",
        "Content-Type: application/octet-stream; name=\"{0}\"\r\nContent-Disposition: attachment; filename=\"agenda.txt\"",
        "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*0=\"in\"; filename*1=\"{0}\"; trouble",
        "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-8''{0}; trouble",
        "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"=?utf-8?q?{0}?=\"; trouble",
    ];

    [Theory]
    [MemberData(nameof(Tricks))]
    public async Task AnalyzeAsync_ScriptNameBehindAMalformedOrSecondParameter_IsChecked(string headers)
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(headers, "voice.js"));

        Assert.Contains(report.Signals, s => s.Id == "attachment.dangerous-extension");
        Assert.Equal("Suspicious", report.Verdict.ToString());
    }

    [Theory]
    [MemberData(nameof(Tricks))]
    public async Task AnalyzeAsync_SameFieldsWithAHarmlessName_RaiseNothing(string headers)
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(headers, "voice.txt"));

        Assert.Empty(report.Signals.Where(s => s.Category == SentiMail.Signals.SignalCategory.Attachments).Select(s => s.Id + " " + s.Description));
    }

    [Fact]
    public void Build_PartWithTwoNames_IsListedOnceUnderEachWithTheSameContent()
    {
        var context = TestEngines.Context(Message("Content-Type: application/octet-stream; name=\"invoice.js\"\r\nContent-Disposition: attachment; filename=\"agenda.txt\"", "unused"));

        Assert.Equal(["agenda.txt", "invoice.js"], context.Attachments.Select(a => a.FileName));
        Assert.Equal(context.Attachments[0].Sha256, context.Attachments[1].Sha256);
    }

    [Fact]
    public void Build_OrdinaryPart_IsListedOnce()
    {
        var context = TestEngines.Context(Message("Content-Type: application/pdf; name=\"report.pdf\"\r\nContent-Disposition: attachment; filename=\"report.pdf\"; size=120", "unused"));

        Assert.Equal("report.pdf", Assert.Single(context.Attachments).FileName);
    }

    [Fact]
    public void Build_NameWithAFolderBesideTheSameBareName_IsListedOnce()
    {
        // Outlook Express wrote the sender's path into Content-Type name; clients save the file under its bare name.
        var context = TestEngines.Context(Message("Content-Type: application/octet-stream; name=\"C:\\WINDOWS\\Desktop\\offer.htm\"\r\nContent-Disposition: attachment; filename=\"offer.htm\"", "unused"));

        Assert.Equal("offer.htm", Assert.Single(context.Attachments).FileName);
    }

    [Theory]
    [InlineData("attachment; filename=\"a.js\"; trouble", new[] { "a.js" })]
    [InlineData("attachment; filename=\"unclosed.js", new[] { "unclosed.js" })]
    [InlineData("attachment; filename=a b.js; size=3", new[] { "a b.js" })]
    [InlineData("attachment; filename=\"x\\\"y.js\"", new[] { "x\"y.js" })]
    [InlineData("attachment; filename*=iso-8859-1'fr'r%E9sum%E9.js", new[] { "r\u00e9sum\u00e9.js" })]
    [InlineData("attachment; filename*=no-such-charset''a%2Ejs", new[] { "a.js" })]
    [InlineData("attachment; filename*0*=utf-8''a%2E; filename*1=\"js\"", new[] { "a.js" })]
    [InlineData("text/plain; charset=utf-8; format=flowed", new string[0])]
    [InlineData("multipart/mixed; boundary=\"----=_Part_name_1\"", new string[0])]
    [InlineData("attachment; xfilename=a.js; filenames=b.js", new string[0])]
    public void Scan_RawField_GivesTheNamesAClientMayRead(string raw, string[] expected)
    {
        Assert.Equal(expected, FileNameCandidates.Scan(raw));
    }

    [Fact]
    public void Scan_HugeFieldOfNameParameters_IsLinear()
    {
        var raw = string.Concat(Enumerable.Repeat("name=\"a\"; filename*9999*=x; name name ", 50_000));
        var watch = Stopwatch.StartNew();

        FileNameCandidates.Scan(raw);

        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 5);
    }

    private static byte[] Message(string headers, string name) => RawMime.Message(RawMime.Part(string.Format(System.Globalization.CultureInfo.InvariantCulture, headers, name), s_script));
}
