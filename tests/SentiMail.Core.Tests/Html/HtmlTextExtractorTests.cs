using SentiMail.Context;
using SentiMail.Html;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Html;

public class HtmlTextExtractorTests
{
    [Theory]
    [InlineData("<div style=\"display:none\">secret words</div>")]
    [InlineData("<div style=\"DISPLAY : NONE\">secret words</div>")]
    [InlineData("<span style=\"visibility:hidden\">secret words</span>")]
    [InlineData("<p style=\"font-size:0\">secret words</p>")]
    [InlineData("<p style=\"font-size: 0px; color: red\">secret words</p>")]
    [InlineData("<p style=\"opacity:0\">secret words</p>")]
    [InlineData("<div style=\"height:0;width:0;overflow:hidden\">secret words</div>")]
    [InlineData("<div hidden>secret words</div>")]
    [InlineData("<div HIDDEN=\"hidden\"><b>secret</b> words</div>")]
    public void Extract_HiddenElement_TextIsHiddenNotVisible(string hidden)
    {
        var result = HtmlTextExtractor.Extract($"<p>Shown text.</p>{hidden}<p>More shown.</p>");

        Assert.Equal("Shown text.\nMore shown.", result.VisibleText);
        Assert.Equal("secret words", result.HiddenText);
    }

    [Theory]
    [InlineData("<p style=\"font-size:10px\">visible words</p>")]
    [InlineData("<p style=\"opacity:0.5\">visible words</p>")]
    [InlineData("<p style=\"font-size:0.9em\">visible words</p>")]
    public void Extract_StyledButShownElement_TextIsVisible(string html)
    {
        var result = HtmlTextExtractor.Extract(html);

        Assert.Equal("visible words", result.VisibleText);
        Assert.Empty(result.HiddenText);
    }

    [Fact]
    public void Extract_ScriptAndStyle_AreIgnoredButScriptIsNoted()
    {
        var result = HtmlTextExtractor.Extract("<html><head><title>Title</title><style>p { color: red }</style></head><body><p>Body</p><script>var x = 'not text';</script></body></html>");

        Assert.Equal("Body", result.VisibleText);
        Assert.Empty(result.HiddenText);
        Assert.True(result.HasScript);
    }

    [Fact]
    public void Extract_StyleOnly_HasNoScript()
    {
        Assert.False(HtmlTextExtractor.Extract("<style>p { color: red }</style><p>Body</p>").HasScript);
    }

    [Fact]
    public void Extract_EventHandler_CountsAsScript()
    {
        Assert.True(HtmlTextExtractor.Extract("<img src=\"x.png\" onerror=\"alert(1)\">").HasScript);
    }

    [Fact]
    public void Extract_Anchors_KeepTheirTextAndHref()
    {
        var result = HtmlTextExtractor.Extract("<p>Read <a href=\" https://example.com/a?x=1&amp;y=2 \">the <b>full</b>\n   story</a> now.</p>");

        var link = Assert.Single(result.Links);
        Assert.Equal("https://example.com/a?x=1&y=2", link.Url);
        Assert.Equal("the full story", link.Text);
        Assert.Equal("example.com", link.Host);
        Assert.Equal("https", link.Scheme);
        Assert.Equal(LinkSource.HtmlAnchor, link.Source);
        Assert.Equal("body:html", link.Location);
        Assert.Equal("Read the full story now.", result.VisibleText);
    }

    [Fact]
    public void Extract_ImageInsideAnchor_AltBecomesAnchorText()
    {
        var result = HtmlTextExtractor.Extract("<a href=\"https://login.example.net/\"><img src=\"cid:logo@x\" alt=\"PayPal\"></a>");

        var link = Assert.Single(result.Links);
        Assert.Equal("PayPal", link.Text);
        Assert.Equal("https://login.example.net/", link.Url);
    }

    [Fact]
    public void Extract_RemoteImage_IsAResourceLink()
    {
        var result = HtmlTextExtractor.Extract("<img src=\"https://tracker.example.net/p.gif\" alt=\"\">");

        var link = Assert.Single(result.Links);
        Assert.Equal(LinkSource.HtmlResource, link.Source);
        Assert.Equal("tracker.example.net", link.Host);
    }

    [Fact]
    public void Extract_FormWithPassword_IsRecorded()
    {
        var result = HtmlTextExtractor.Extract("<form action=\"https://evil.example/post.php\" method=\"POST\"><input type=\"email\" name=\"login\"><input type=\"PASSWORD\" name=\"pw\"><input type=\"submit\" value=\"Go\"><select name=\"country\"></select></form>");

        var form = Assert.Single(result.Forms);
        Assert.True(form.HasPasswordField);
        Assert.Equal("post", form.Method);
        Assert.Equal("https://evil.example/post.php", form.Action);
        Assert.Equal(["login", "pw", "country"], form.Fields);
        Assert.Contains(result.Links, l => l.Source == LinkSource.HtmlForm && l.Url == "https://evil.example/post.php");
    }

    [Fact]
    public void Extract_FormWithoutMethodOrPassword_DefaultsToGet()
    {
        var form = Assert.Single(HtmlTextExtractor.Extract("<form><input name=\"q\"></form>").Forms);

        Assert.False(form.HasPasswordField);
        Assert.Equal("get", form.Method);
        Assert.Empty(form.Action);
    }

    [Fact]
    public void Extract_MetaRefresh_IsALink()
    {
        var result = HtmlTextExtractor.Extract("<meta http-equiv=\"Refresh\" content=\"0; URL='https://evil.example/landing'\"><p>Redirecting</p>");

        var link = Assert.Single(result.Links);
        Assert.Equal("https://evil.example/landing", link.Url);
        Assert.Equal(LinkSource.HtmlResource, link.Source);
    }

    [Fact]
    public void Extract_Entities_AreDecoded()
    {
        var result = HtmlTextExtractor.Extract("<p>Caf&eacute; &amp; th&#233; &lt;3 &#x20AC;5&nbsp;only</p>");

        Assert.Equal("Café & thé <3 €5 only", result.VisibleText);
    }

    [Fact]
    public void Extract_BlockElements_StartNewLines()
    {
        var result = HtmlTextExtractor.Extract("<div>One</div><div>Two<br>Three</div><table><tr><td>Four</td></tr></table>");

        Assert.Equal(["One", "Two", "Three", "Four"], result.VisibleText.Split('\n'));
    }

    [Fact]
    public void Extract_AttachmentSource_MarksAnchorsAndResources()
    {
        var result = HtmlTextExtractor.Extract("<a href=\"https://a.example/\">A</a><img src=\"https://b.example/i.png\">", "attachment:x.html", LinkSource.Attachment);

        Assert.All(result.Links, l =>
        {
            Assert.Equal(LinkSource.Attachment, l.Source);
            Assert.Equal("attachment:x.html", l.Location);
        });
    }

    [Fact]
    public void Extract_EmptyDocument_ReturnsEmpty()
    {
        Assert.Same(HtmlExtraction.Empty, HtmlTextExtractor.Extract(string.Empty));
    }

    [Fact]
    public void Extract_DeeplyNestedUnclosedElements_StaysBounded()
    {
        var html = string.Concat(Enumerable.Repeat("<div style=\"display:none\"><span>", 5000)) + "text";

        var result = HtmlTextExtractor.Extract(html);

        Assert.Equal("text", result.HiddenText);
        Assert.Empty(result.VisibleText);
    }

    [Fact]
    public void Extract_HostWithInvalidIdnCharacter_KeepsTheLinkWithoutAHost()
    {
        // U+FFFD comes from text with a broken encoding; Uri.IdnHost throws on it.
        var result = HtmlTextExtractor.Extract("<a href=\"https://ex\uFFFDample.com/login\">Log in</a>");

        var link = Assert.Single(result.Links);
        Assert.Null(link.Host);
        Assert.Equal("Log in", link.Text);
    }

    [Fact]
    public async Task AnalyzeAsync_LinksWithInvalidIdnHosts_ReportsTheOtherLinkSignals()
    {
        // The first anchor's text is checked for a shown domain, the second is a plain IP-literal mismatch.
        var html = "<p><a href=\"https://harbourline-design.com/a\">https://www.ex\uFFFDample.com</a> " +
                   "<a href=\"https://ex\uFFFDample.com/b\">Open</a> " +
                   "<a href=\"http://185.234.72.19/x\">https://www.paypal.com/</a></p>";
        var message = TestMessages.Build(HeaderBlock.Standard(), "See https://ex\uFFFDample.com/b", html);

        var report = await TestEngines.Create().AnalyzeAsync(message);

        Assert.DoesNotContain(report.Signals, s => s.Id == "analyzer.error");
        Assert.Contains(report.Signals, s => s.Id == "link.ip-literal");
        Assert.Contains(report.Signals, s => s.Id == "link.text-href-mismatch");
    }
}
