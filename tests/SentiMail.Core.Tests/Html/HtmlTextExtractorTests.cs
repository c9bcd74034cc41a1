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
    [InlineData("<div style=\"font:0/0 a\">secret words</div>")]
    [InlineData("<div style=\"background:url(x.png);display:none\">secret words</div>")]
    [InlineData("<div style=\"height:0;padding:0;overflow:hidden\">secret words</div>")]
    // Elements the browser's own style sheet hides, and an iframe's content, which is never shown.
    [InlineData("<rp>secret words</rp>")]
    [InlineData("<datalist><option>secret words</option></datalist>")]
    [InlineData("<noembed>secret words</noembed>")]
    [InlineData("<noframes>secret words</noframes>")]
    [InlineData("<iframe>secret words</iframe>")]
    [InlineData("<dialog>secret words</dialog>")]
    [InlineData("<svg width=\"0\" height=\"40\"><text>secret words</text></svg>")]
    // Text too small to read, transparent, or moved, clipped or scaled away.
    [InlineData("<span style=\"font-size:1px\">secret words</span>")]
    [InlineData("<span style=\"font-size:0.01px\">secret words</span>")]
    [InlineData("<span style=\"font-size:0.5pt\">secret words</span>")]
    [InlineData("<span style=\"color:transparent\">secret words</span>")]
    [InlineData("<span style=\"color:rgba(0,0,0,0)\">secret words</span>")]
    [InlineData("<span style=\"color:rgb(10 20 30 / 0%)\">secret words</span>")]
    [InlineData("<span style=\"color:#fff0\">secret words</span>")]
    [InlineData("<span style=\"color:#ffffff00\">secret words</span>")]
    [InlineData("<div style=\"position:absolute;left:-9999px\">secret words</div>")]
    [InlineData("<div style=\"position:fixed;top:-100em\">secret words</div>")]
    [InlineData("<span style=\"margin-left:-5000px\">secret words</span>")]
    [InlineData("<div style=\"position:absolute;clip:rect(0,0,0,0)\">secret words</div>")]
    [InlineData("<div style=\"position:absolute;clip:rect(1px 1px 1px 1px)\">secret words</div>")]
    [InlineData("<span style=\"clip-path:inset(50%)\">secret words</span>")]
    [InlineData("<span style=\"clip-path:circle(0)\">secret words</span>")]
    [InlineData("<div style=\"transform:scale(0)\">secret words</div>")]
    [InlineData("<span style=\"display:inline-block;transform:scaleY(0)\">secret words</span>")]
    public void Extract_HiddenElement_TextIsHiddenNotVisible(string hidden)
    {
        var result = HtmlTextExtractor.Extract($"<p>Shown text.</p>{hidden}<p>More shown.</p>");

        Assert.Equal("Shown text.\nMore shown.", result.VisibleText);
        Assert.Equal("secret words", result.HiddenText);
    }

    [Theory]
    // Text painted in the color of what lies behind it: the white page, a table cell, a styled box.
    [InlineData("<font color=\"#ffffff\">secret words</font>")]
    [InlineData("<font color=\"FFFFFF\">secret words</font>")]
    [InlineData("<font color=\"White\">secret words</font>")]
    [InlineData("<span style=\"color:#fff\">secret words</span>")]
    [InlineData("<span style=\"color:#fdfdfd\">secret words</span>")]
    [InlineData("<span style=\"color:rgb(255, 255, 255)\">secret words</span>")]
    [InlineData("<span style=\"color:rgb(100% 100% 100% / 1)\">secret words</span>")]
    [InlineData("<table><tr><td bgcolor=\"#003366\"><font color=\"#003366\">secret words</font></td></tr></table>")]
    [InlineData("<div style=\"background:#000 no-repeat\"><span style=\"color:black\">secret words</span></div>")]
    [InlineData("<div style=\"background-color:navy\"><p style=\"color:#000080\">secret words</p></div>")]
    [InlineData("<div style=\"background:#000\"><div style=\"background:transparent\"><span style=\"color:#000\">secret words</span></div></div>")]
    [InlineData("<a href=\"https://example.com/\" style=\"color:#fff\">secret words</a>")]
    [InlineData("<div style=\"color:#fff\"><b>secret</b> words</div>")]
    // An unfollowed rule that colors links or another class leaves this text's colors known.
    [InlineData("<style>a:hover{color:#f00} .promo td{background:#000}</style><font color=\"#fff\">secret words</font>")]
    [InlineData("<table><tbody bgcolor=\"#000\"><tr><td><font color=\"#000\">secret words</font></td></tr></tbody></table>")]
    public void Extract_TextInTheColorOfItsBackground_TextIsHidden(string html)
    {
        var result = HtmlTextExtractor.Extract($"<p>Shown text.</p>{html}<p>More shown.</p>");

        Assert.Equal("Shown text.\nMore shown.", result.VisibleText);
        Assert.Equal("secret words", result.HiddenText);
    }

    [Theory]
    [InlineData("<html><body bgcolor=\"#ffffff\" text=\"#ffffff\"><p>secret words</p></body></html>")]
    [InlineData("<html><body style=\"background:#222;color:#222\"><p>secret words</p></body></html>")]
    [InlineData("<html><body bgcolor=\"black\"><font color=\"#000\">secret words</font></body></html>")]
    public void Extract_PageColoredLikeItsText_TextIsHidden(string html)
    {
        var result = HtmlTextExtractor.Extract(html);

        Assert.Empty(result.VisibleText);
        Assert.Equal("secret words", result.HiddenText);
    }

    [Theory]
    // Colors set by rules this reader does not follow or read: it does not know what lies behind the text.
    [InlineData("<style>.dark td{background:#000}</style>")]
    [InlineData("<style>@media (prefers-color-scheme: dark){.x{background-color:#000}}</style>")]
    [InlineData("<style media=\"screen and (max-width:600px)\">td{background:#000}</style>")]
    [InlineData("<link rel=\"stylesheet\" href=\"https://example.com/mail.css\">")]
    public void Extract_WhiteTextWhereUnfollowedRulesMayPaintTheBackground_TextIsVisible(string style)
    {
        var result = HtmlTextExtractor.Extract($"<html><head>{style}</head><body><table class=\"dark\"><tr><td class=\"x\"><font color=\"#ffffff\">visible words</font></td></tr></table></body></html>");

        Assert.Equal("visible words", result.VisibleText);
        Assert.Empty(result.HiddenText);
    }

    [Fact]
    public void Extract_StyleSheetPaintsCellAndText_FollowedRulesDecide()
    {
        var shown = HtmlTextExtractor.Extract("<style>td{background:#003366} .w{color:#fff}</style><table><tr><td><span class=\"w\">visible words</span></td></tr></table>");
        var hidden = HtmlTextExtractor.Extract("<style>td{background:#fff} .w{color:#fff}</style><table><tr><td><span class=\"w\">secret words</span></td></tr></table>");

        Assert.Equal("visible words", shown.VisibleText);
        Assert.Equal("secret words", hidden.HiddenText);
    }

    [Theory]
    // White text on a dark cell or box, on an image, on a color this reader does not know; a near-white that reads.
    [InlineData("<table bgcolor=\"#003366\"><tr><td><font color=\"#ffffff\">visible words</font></td></tr></table>")]
    [InlineData("<table><tr bgcolor=\"black\"><td><font color=\"white\">visible words</font></td></tr></table>")]
    [InlineData("<div style=\"background:#c00\"><span style=\"color:#fff\">visible words</span></div>")]
    [InlineData("<div style=\"background:url(hero.jpg) #fff\"><span style=\"color:#fff\">visible words</span></div>")]
    [InlineData("<div style=\"background-image:url(hero.jpg)\"><span style=\"color:#fff\">visible words</span></div>")]
    [InlineData("<td background=\"hero.jpg\"><font color=\"#ffffff\">visible words</font></td>")]
    [InlineData("<div style=\"background:beige\"><span style=\"color:#fff\">visible words</span></div>")]
    [InlineData("<div style=\"background-color:rebeccapurple\"><span style=\"color:#fff\">visible words</span></div>")]
    [InlineData("<div style=\"background:linear-gradient(#000,#333)\"><span style=\"color:#fff\">visible words</span></div>")]
    [InlineData("<span style=\"color:#eeeeee\">visible words</span>")]
    [InlineData("<span style=\"color:rgba(255,255,255,0.9)\">visible words</span>")]
    [InlineData("<span style=\"color:#fff;text-shadow:0 0 2px #000\">visible words</span>")]
    [InlineData("<span style=\"color:#fff;-webkit-text-fill-color:#000\">visible words</span>")]
    [InlineData("<font color=\"#fff\"><span style=\"color:#333\">visible words</span></font>")]
    [InlineData("<span style=\"color:hsl(0 0% 100%)\">visible words</span>")]
    [InlineData("<font color=\"chucknorris\">visible words</font>")]
    // A style that cancels a color attribute; text that may leave its colored box; a caption beside its table.
    [InlineData("<table><tr><td bgcolor=\"#000000\" style=\"background:none\">visible words</td></tr></table>")]
    [InlineData("<table><tr><td bgcolor=\"#000000\" style=\"background-color:transparent\">visible words</td></tr></table>")]
    [InlineData("<font color=\"#ffffff\" style=\"color:inherit\">visible words</font>")]
    [InlineData("<font color=\"#ffffff\" style=\"color:initial\">visible words</font>")]
    [InlineData("<div style=\"background:#000;height:1px\"><span style=\"color:#000\">visible words</span></div>")]
    [InlineData("<div style=\"background:#000\"><span style=\"position:relative;top:40px;color:#000\">visible words</span></div>")]
    [InlineData("<div style=\"background:#000\"><span style=\"display:inline-block;margin-top:-40px;color:#000\">visible words</span></div>")]
    [InlineData("<table bgcolor=\"#000\"><caption><font color=\"#000\">visible words</font></caption></table>")]
    // Colors set by the style sheet for the page itself, and a cell's colors from a tbody.
    [InlineData("<style>body{background-color:#222} p{color:#fff}</style><body><p>visible words</p></body>")]
    [InlineData("<style>html{background:#000}</style><html><body><font color=\"#fff\">visible words</font></body></html>")]
    [InlineData("<style>.dark{background:#000;color:#fff}</style><body class=\"dark\"><p>visible words</p></body>")]
    [InlineData("<table><tbody bgcolor=\"#000\"><tr><td><font color=\"#fff\">visible words</font></td></tr></tbody></table>")]
    // A style element after the text it colors: browsers apply it to the whole document.
    [InlineData("<div class=\"x\"><font color=\"#fff\">visible words</font></div><style>.x{background:#000}</style>")]
    [InlineData("<p style=\"font-size:10px\">visible words</p>")]
    [InlineData("<p style=\"opacity:0.5\">visible words</p>")]
    [InlineData("<p style=\"font-size:0.9em\">visible words</p>")]
    // Semicolons inside a string or url() belong to the value; an invalid display or font shorthand is ignored.
    [InlineData("<div style=\"background:url('x;display:none;y.png')\">visible words</div>")]
    [InlineData("<div style=\"font-family:'a;display:none;b'\">visible words</div>")]
    [InlineData("<div style=\"display:none block\">visible words</div>")]
    [InlineData("<div style=\"font:0\">visible words</div>")]
    [InlineData("<div style=\"font:bold 0px\">visible words</div>")]
    // A minimum size, padding or a clip margin leaves room for the text a zero box would clip.
    [InlineData("<div style=\"height:0;min-height:1.5em;overflow:hidden\">visible words</div>")]
    [InlineData("<div style=\"height:0;overflow:hidden;padding-bottom:40px\">visible words</div>")]
    [InlineData("<div style=\"width:0;min-width:600px;overflow:hidden\">visible words</div>")]
    [InlineData("<div style=\"height:0;overflow:clip;overflow-clip-margin:5em\">visible words</div>")]
    // Elements hidden by default that the author shows, moved a little, clipped without position, scaled inline.
    [InlineData("<rp style=\"display:inline\">visible words</rp>")]
    [InlineData("<dialog open>visible words</dialog>")]
    [InlineData("<span style=\"font-size:2px\">visible words</span>")]
    [InlineData("<span style=\"color:rgba(0,0,0,0.8)\">visible words</span>")]
    [InlineData("<span style=\"color:#333\">visible words</span>")]
    [InlineData("<div style=\"position:absolute;left:-20px\">visible words</div>")]
    [InlineData("<div style=\"left:-9999px\">visible words</div>")]
    [InlineData("<div style=\"clip:rect(0,0,0,0)\">visible words</div>")]
    [InlineData("<span style=\"transform:scale(0)\">visible words</span>")]
    [InlineData("<div style=\"transform:scale(0.5)\">visible words</div>")]
    [InlineData("<span style=\"color:transparent\"><font color=\"red\">visible words</font></span>")]
    [InlineData("<div style=\"color:transparent\"><span style=\"color:black\">visible words</span></div>")]
    // Painted anyway, clipped by nothing, an invalid color, a size the parent's may make readable, a first line only.
    [InlineData("<span style=\"color:transparent;-webkit-text-fill-color:#000\">visible words</span>")]
    [InlineData("<span style=\"color:transparent;text-shadow:0 0 0 #000\">visible words</span>")]
    [InlineData("<span style=\"color:foo(0,0,0,0)\">visible words</span>")]
    [InlineData("<div style=\"position:absolute;clip:rect(auto,auto,auto,auto)\">visible words</div>")]
    [InlineData("<div style=\"clip-path:inset(50% 0 0 0)\">visible words</div>")]
    [InlineData("<div style=\"font-size:300px\"><span style=\"font-size:0.05em\">visible words</span></div>")]
    [InlineData("<div style=\"text-indent:-9999px\">visible words</div>")]
    [InlineData("<svg width=\"0\" height=\"0\" style=\"width:700px;height:60px\"><text>visible words</text></svg>")]
    [InlineData("<svg width=\"0xp\"><text>visible words</text></svg>")]
    public void Extract_StyledButShownElement_TextIsVisible(string html)
    {
        var result = HtmlTextExtractor.Extract(html);

        Assert.Equal("visible words", result.VisibleText);
        Assert.Empty(result.HiddenText);
    }

    [Theory]
    [InlineData("<style>.x{display:none}</style>", "<span class=\"x\">secret words</span>")]
    [InlineData("<style>#salad { font-size: 0 }</style>", "<div id=\"salad\">secret words</div>")]
    [InlineData("<style>b{visibility:hidden}</style>", "<b>secret words</b>")]
    [InlineData("<style>span.a.b{display:none}</style>", "<span class=\"b  a\">secret words</span>")]
    [InlineData("<style>b, .x { color: transparent }</style>", "<i class=\"x\">secret words</i>")]
    [InlineData("<style>@media screen { .x { display: none } }</style>", "<span class=\"x\">secret words</span>")]
    [InlineData("<style>/* a } comment */ .x{content:'}';display:none}</style>", "<span class=\"x\">secret words</span>")]
    // An important rule beats the element's own style; otherwise the style attribute wins.
    [InlineData("<style>.x{display:none!important}</style>", "<span class=\"x\" style=\"display:inline\">secret words</span>")]
    [InlineData("<style>.x{display:inline}</style>", "<span class=\"x\" style=\"display:none\">secret words</span>")]
    // Of two rules, the more specific one wins, then the later one.
    [InlineData("<style>#i{display:none} .x{display:inline}</style>", "<span id=\"i\" class=\"x\">secret words</span>")]
    [InlineData("<style>.x{display:inline} .x{display:none}</style>", "<span class=\"x\">secret words</span>")]
    public void Extract_StyleSheetRuleHides_TextIsHidden(string style, string element)
    {
        var result = HtmlTextExtractor.Extract($"<html><head>{style}</head><body><p>Shown text.</p>{element}</body></html>");

        Assert.Equal("Shown text.", result.VisibleText);
        Assert.Equal("secret words", result.HiddenText);
    }

    [Theory]
    // Conditional media, selectors the extractor does not follow, a print style sheet, a rule for another class.
    [InlineData("<style>@media only screen and (max-width: 480px) { .x { display: none } }</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style>@media print { .x { display: none } }</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style media=\"print\">.x{display:none}</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style>.x:hover{display:none} div .x{display:none} [class=x]{display:none}</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style>.y{display:none}</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style>.x{display:none}</style>", "<span class=\"xx\">visible words</span>")]
    [InlineData("<style>.x{display:none} .x{display:inline}</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style>svg{display:none}</style>", "<span>visible words</span>")]
    // A rule the extractor does not follow may show the element again: rules it follows no longer hide it.
    [InlineData("<style>.x{display:none} body .x{display:block}</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style>.x{display:none} @media screen and (min-width:1px){.x{display:block}}</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style>.x{display:none} @supports (display:block){.x{display:block}}</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style>.x, .y:bogus{display:none}</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style>x; .x{display:none}</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style>@mediaall{.x{display:none}}</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style type=\"text/plain\">.x{display:none}</style>", "<span class=\"x\">visible words</span>")]
    [InlineData("<template><style>.x{display:none}</style></template>", "<span class=\"x\">visible words</span>")]
    [InlineData("<style>#x{display:none}</style>", "<span id=\" x\">visible words</span>")]
    public void Extract_StyleSheetRuleThatDoesNotApply_LeavesTextVisible(string style, string element)
    {
        var result = HtmlTextExtractor.Extract($"<html><head>{style}</head><body>{element}</body></html>");

        Assert.Equal("visible words", result.VisibleText);
        Assert.Empty(result.HiddenText);
    }

    [Fact]
    public void Extract_GeneratedContentHiddenByItsOwnRule_IsHiddenText()
    {
        var result = HtmlTextExtractor.Extract(
            "<style>.w::after{content:\"zq\";display:none} .v::before{content:\"qz\";font-size:0}</style><p><span class=\"w\">Your</span> <span class=\"v\">PayPal</span></p>");

        Assert.Equal("Your PayPal", result.VisibleText);
        Assert.Equal("zqqz", result.HiddenText);
    }

    [Fact]
    public void Extract_SemicolonsInAStyleSheet_AreReadInOnePass()
    {
        // Each of 20,000 statements used to send the reader to the end of the text (a minute for 262,144 semicolons).
        var statements = string.Concat(Enumerable.Repeat("@charset x;", 20_000));
        var result = HtmlTextExtractor.Extract($"<style>{statements}.x{{display:none}}</style><p class=\"x\">secret words</p><p>shown</p>");

        Assert.Equal("shown", result.VisibleText);
        Assert.Equal("secret words", result.HiddenText);
    }

    [Fact]
    public void Extract_GeneratedContent_IsShownAroundTheElement()
    {
        var result = HtmlTextExtractor.Extract(
            "<style>.a::before{content:\"Verify \" 'your'} .a:after{content:\" acc\\6F unt\"} .n::before{content:none}</style>" +
            "<p class=\"a\"> <b>PayPal</b> </p><p class=\"n\">end</p>");

        Assert.Equal("Verify your PayPal account\nend", result.VisibleText);
    }

    [Theory]
    // Spaces between the words of an inline-block or of a box with a negative margin show as spaces.
    [InlineData("<span style=\"display:inline-block\"><a>New</a> <a>Women</a> <a>Men</a></span>", "New Women Men")]
    [InlineData("<p style=\"margin-left:-8px\"><b>Your</b> <b>account</b></p>", "Your account")]
    [InlineData("Pa<span style=\"display:inline-block\">&nbsp;</span>yPal", "Pa yPal")]
    public void Extract_SpacesInsideStyledBoxes_StillSeparateWords(string html, string visible)
    {
        Assert.Equal(visible, HtmlTextExtractor.Extract(html).VisibleText);
    }

    [Theory]
    [InlineData("<bdo dir=\"rtl\">lapyaP</bdo>", true)]
    [InlineData("<span style=\"unicode-bidi:bidi-override;direction:rtl\">lapyaP</span>", true)]
    [InlineData("<span dir=\"rtl\" style=\"unicode-bidi: isolate-override\">lapyaP</span>", true)]
    [InlineData("<bdo dir=\"ltr\">PayPal</bdo>", false)]
    [InlineData("<span dir=\"rtl\">مرحبا</span>", false)]
    // The direction comes from the parent when the element sets none.
    [InlineData("<div dir=\"rtl\"><span style=\"unicode-bidi:bidi-override\">lapyaP</span></div>", true)]
    [InlineData("<div style=\"direction:rtl\"><p><bdo>lapyaP</bdo></p></div>", true)]
    [InlineData("<html dir=\"rtl\"><body><span style=\"unicode-bidi:isolate-override\">lapyaP</span></body></html>", true)]
    [InlineData("<div dir=\"rtl\"><span dir=\"ltr\" style=\"unicode-bidi:bidi-override\">PayPal</span></div>", false)]
    [InlineData("<div dir=\"rtl\"><span style=\"direction:ltr;unicode-bidi:bidi-override\">PayPal</span></div>", false)]
    [InlineData("<span style=\"unicode-bidi:bidi-override\">PayPal</span>", false)]
    // dir="auto" takes its direction from the first strong letter, which may be a hidden Hebrew one.
    [InlineData("<span dir=\"auto\" style=\"unicode-bidi:bidi-override\"><span style=\"font-size:0\">\u05D0</span>moc.lapyap</span>", true)]
    [InlineData("<bdo dir=\"auto\">lapyaP</bdo>", true)]
    public void Extract_TextLaidOutBackwardsByMarkup_IsNoted(string html, bool overridden)
    {
        Assert.Equal(overridden, HtmlTextExtractor.Extract(html).HasBidiOverride);
    }

    [Fact]
    public void Extract_MoreRulesThanRead_HideNothing()
    {
        // A rule past the budget might show what an earlier one hides: once the budget is exceeded, no rule hides.
        var rules = string.Concat(Enumerable.Range(0, StyleSheet.MaxRules).Select(i => $".c{i}{{color:red}} "));

        var result = HtmlTextExtractor.Extract($"<style>.h{{display:none}} {rules} .h{{display:inline}}</style><span class=\"h\">visible words</span>");

        Assert.Equal("visible words", result.VisibleText);
    }

    [Fact]
    public void Extract_RandomStyleSheets_NeverThrow()
    {
        // Pieces of CSS syntax in random order: unbalanced braces and quotes, escapes, comments cut short, at-rules.
        string[] pieces = ["{", "}", ";", ":", "'", "\"", "\\", "/*", "*/", "@media", "screen", "(", ")", ",", ".x", "#i", "*", "::before", ":after",
            "content", "display", "none", "!important", "font-size:0", "color:transparent", "rect(0 0 0 0)", "\\41 ", " ", "\n", "é", "\u0000"];
        var random = new Random(20261124);
        for (var round = 0; round < 2000; round++)
        {
            var css = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => pieces[random.Next(pieces.Length)]));

            var result = HtmlTextExtractor.Extract($"<style>{css}</style><p class=\"x\" id=\"i\">words</p>");

            Assert.NotNull(result.VisibleText);
        }
    }

    [Fact]
    public void Extract_ManyRulesAndElements_StaysWithinItsBudgets()
    {
        // 4,000 rules under one class and 20,000 elements with distinct class sets: the work is bounded, the
        // document is read to its end, and what is styled before the budget runs out follows the rules.
        var rules = string.Concat(Enumerable.Range(0, 4000).Select(i => $".a.c{i}{{display:none}} "));
        var elements = string.Concat(Enumerable.Range(0, 20000).Select(i => $"<span class=\"a b{i}\">w{i} </span>"));
        var result = HtmlTextExtractor.Extract($"<style>.h{{display:none}} {rules}</style><span class=\"h\">hidden</span>{elements}<p>last words</p>");

        Assert.Equal("hidden", result.HiddenText);
        Assert.EndsWith("last words", result.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_BlockElementsAndNulCharacters_SeparateAndJoinWordsAsBrowsersShowThem()
    {
        // center, section, dd... start a line of their own, and browsers drop U+0000 from text.
        var result = HtmlTextExtractor.Extract("<div>Urgent<center>action</center>required<section>verify</section>your<dd>acc\0ount</dd></div>");

        Assert.Equal("Urgent\naction\nrequired\nverify\nyour\naccount", result.VisibleText);
    }

    [Theory]
    [InlineData("<svg><style><p>shown words</p></style></svg>", false)]
    [InlineData("<svg><script><p>shown words</p></script></svg>", true)]
    [InlineData("<math><title><p>shown words</p></title></math>", false)]
    public void Extract_RawTextElementsInsideSvgOrMath_AreReadAsMarkup(string html, bool script)
    {
        // In foreign content a browser's tokenizer has no raw-text elements: the p is markup, breaks out and is shown.
        var result = HtmlTextExtractor.Extract(html);

        Assert.Equal("shown words", result.VisibleText);
        Assert.Equal(script, result.HasScript);
    }

    [Fact]
    public void Extract_StyleOutsideForeignContent_StaysRawText()
    {
        var result = HtmlTextExtractor.Extract("<style>p { color: red }</style><svg></svg><style><p>not shown</p></style><p>shown</p>");

        Assert.Equal("shown", result.VisibleText);
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
    public void Extract_SubmitButtonWithFormAction_DecidesWhereTheFormSends()
    {
        // The first submit button is the one Enter presses: its formaction and formmethod replace the form's. Every
        // formaction is a link to check.
        var result = HtmlTextExtractor.Extract(
            "<form action=\"https://www.paypal.com/signin\"><input name=\"login\"><input type=\"password\" name=\"pw\">" +
            "<button type=\"button\" formaction=\"https://ignored.example/\">Show</button>" +
            "<button formaction=\"https://collect.example/p\" formmethod=\"POST\">Sign in</button>" +
            "<input type=\"submit\" formaction=\"https://second.example/p\" value=\"Other\"></form>");

        var form = Assert.Single(result.Forms);
        Assert.Equal("https://collect.example/p", form.Action);
        Assert.Equal("post", form.Method);
        Assert.Equal(["login", "pw"], form.Fields);
        Assert.Equal(
            ["https://www.paypal.com/signin", "https://collect.example/p", "https://second.example/p"],
            result.Links.Where(l => l.Source == LinkSource.HtmlForm).Select(l => l.Url));
    }

    [Fact]
    public void Extract_ControlsWithAFormAttribute_BelongToTheFormOfThatIdOnly()
    {
        var result = HtmlTextExtractor.Extract(
            "<input form=\"login\" name=\"user\"><form id=\"search\" action=\"https://site.example/find\"><input name=\"q\">" +
            "<input form=\"login\" type=\"password\" name=\"pw\"><input form=\"nowhere\" name=\"lost\"></form>" +
            "<form id=\"login\" action=\"https://collect.example/p\" method=\"post\"></form>" +
            "<button form=\"login\" formaction=\"https://other.example/p\">Go</button>");

        Assert.Collection(
            result.Forms,
            search =>
            {
                Assert.Equal(["q"], search.Fields);
                Assert.False(search.HasPasswordField);
            },
            login =>
            {
                Assert.Equal(["user", "pw"], login.Fields);
                Assert.True(login.HasPasswordField);
                Assert.Equal("https://other.example/p", login.Action);
            });
    }

    [Theory]
    [InlineData("<input type=\"password\" name=\"x\">")]
    [InlineData("<input type=\" Password \" name=\"x\">")]
    [InlineData("<input name=\"x\" style=\"color:red; -webkit-text-security: disc\">")]
    [InlineData("<input name=\"x\" style=\"-webkit-text-security : square !important\">")]
    [InlineData("<style>.m{-webkit-text-security:disc}</style><input name=\"x\" class=\"m\">")]
    [InlineData("<style>form .m{-webkit-text-security:circle}</style><input name=\"x\" class=\"m\">")]
    [InlineData("<input name=\"user_password\">")]
    [InlineData("<input name=\"Mot-de-passe\">")]
    [InlineData("<input id=\"pwd\">")]
    [InlineData("<input name=\"contraseña\">")]
    public void Extract_FieldThatTakesAPassword_MarksTheForm(string field)
    {
        var form = Assert.Single(HtmlTextExtractor.Extract($"<form action=\"https://collect.example/p\"><input name=\"login\">{field}</form>").Forms);

        Assert.True(form.HasPasswordField);
    }

    [Theory]
    [InlineData("<input name=\"passenger\">")]
    [InlineData("<input name=\"x\" style=\"-webkit-text-security:none\">")]
    [InlineData("<input name=\"x\" style=\"-webkit-text-security : none !important\">")]
    [InlineData("<style>.m{-webkit-text-security:none}</style><input name=\"x\" class=\"m\">")]
    [InlineData("<style>.m{-webkit-text-security:disc}</style><input type=\"checkbox\" name=\"x\" class=\"m\">")]
    [InlineData("<input type=\"submit\" name=\"password\">")]
    [InlineData("<button name=\"password\">Forgot your password?</button>")]
    public void Extract_FieldThatTakesNoPassword_LeavesTheFormUnmarked(string field)
    {
        var form = Assert.Single(HtmlTextExtractor.Extract($"<form action=\"https://collect.example/p\"><input name=\"login\">{field}</form>").Forms);

        Assert.False(form.HasPasswordField);
    }

    [Fact]
    public void Extract_PasswordAfterTheFieldsRecorded_StillMarksTheForm()
    {
        var fields = string.Concat(Enumerable.Range(0, 30).Select(i => $"<input name=\"f{i}\">"));

        var form = Assert.Single(HtmlTextExtractor.Extract($"<form action=\"https://collect.example/p\">{fields}<input type=\"password\" name=\"pw\"></form>").Forms);

        Assert.True(form.HasPasswordField);
        Assert.Equal(20, form.Fields.Count);
    }

    [Fact]
    public void Extract_BaseElement_ResolvesEveryRelativeLinkWhereverItStands()
    {
        // The first <base href> counts for the whole document, links before it included; later ones do not.
        var result = HtmlTextExtractor.Extract(
            "<a href=\"login\">Sign in</a><base href=\"https://phish.example/kit/\"><base href=\"https://second.example/\">" +
            "<img src=\"../logo.png\"><form action=\"post.php\"><input type=\"password\" name=\"pw\"></form>" +
            "<a href=\"https://absolute.example/x\">Other</a><a href=\"mailto:help@site.example\">Mail</a>");

        Assert.Equal(
            ["login", "../logo.png", "post.php", "https://absolute.example/x", "mailto:help@site.example"],
            result.Links.Select(l => l.Url));
        Assert.Equal(
            ["https://phish.example/kit/login", "https://phish.example/logo.png", "https://phish.example/kit/post.php", "https://absolute.example/x", "mailto:help@site.example"],
            result.Links.Select(l => l.Target));
        Assert.Equal(["phish.example", "phish.example", "phish.example", "absolute.example", null], result.Links.Select(l => l.Host));
        Assert.Equal("https://phish.example/kit/post.php", Assert.Single(result.Forms).Action);
    }

    [Theory]
    [InlineData("<svg width=\"1\" height=\"1\"><base href=\"https://www.paypal.com/\"></base></svg>")]
    [InlineData("<template><base href=\"https://www.paypal.com/\"></template>")]
    public void Extract_BaseInSvgOrTemplate_IsNotTheDocumentsBase(string inert)
    {
        var link = Assert.Single(HtmlTextExtractor.Extract($"{inert}<base href=\"https://phish.example/\"><a href=\"signin\">Log in</a>").Links);

        Assert.Equal("phish.example", link.Host);
    }

    [Fact]
    public void Extract_HrefStartingWithANoBreakSpace_IsRelativeToTheBase()
    {
        // Browsers trim only controls and ASCII spaces: "&nbsp;https://www.paypal.com/" is a path under the base.
        var link = Assert.Single(HtmlTextExtractor.Extract("<base href=\"https://phish.example/\"><a href=\"&nbsp;https://www.paypal.com/signin\">Log in</a>").Links);

        Assert.Equal("phish.example", link.Host);
    }

    [Fact]
    public void Extract_LongBase_DoesNotLengthenEveryLink()
    {
        var links = string.Concat(Enumerable.Range(0, 200).Select(i => $"<a href=\"x{i}\">{i}</a>"));

        var result = HtmlTextExtractor.Extract($"<base href=\"https://phish.example/{new string('a', 500_000)}/\">{links}");

        Assert.Equal(200, result.Links.Count);
        Assert.All(result.Links, l => Assert.True(l.Target.Length <= 4096));
        Assert.All(result.Links, l => Assert.Equal("phish.example", l.Host));
    }

    [Fact]
    public void Extract_HiddenSubmitButtonWithAFragmentFormAction_LeavesTheFormsAction()
    {
        var form = Assert.Single(HtmlTextExtractor.Extract(
            "<form action=\"https://collect.example/p\" method=\"post\"><button formaction=\"#\" style=\"display:none\">x</button><input name=\"card\"></form>").Forms);

        Assert.Equal("https://collect.example/p", form.Action);
    }

    [Theory]
    [InlineData("<base href=\"/relative/\">")]
    [InlineData("<base href=\"javascript:alert(1)\">")]
    [InlineData("<base target=\"_blank\">")]
    public void Extract_BaseThatIsNoWebAddress_LeavesRelativeLinksLeadingNowhere(string baseElement)
    {
        var link = Assert.Single(HtmlTextExtractor.Extract($"{baseElement}<a href=\"login\">Sign in</a>").Links);

        Assert.Null(link.Host);
        Assert.Equal("login", link.Target);
    }

    [Fact]
    public void Extract_ImageMapAreasAndSvgLinks_AreAnchors()
    {
        var result = HtmlTextExtractor.Extract(
            "<img src=\"cid:map@x\" usemap=\"#m\"><map name=\"m\"><area shape=\"rect\" coords=\"0,0,9,9\" href=\"https://phish.example/a\" alt=\" Verify now \">" +
            "<area shape=\"default\" nohref></map><svg><a xlink:href=\"https://phish.example/b\"><text>Open</text></a>" +
            "<a href=\"https://phish.example/c\" xlink:href=\"https://ignored.example/\"><text>Both</text></a></svg>");

        Assert.Equal(
            [("https://phish.example/a", "Verify now"), ("https://phish.example/b", "Open"), ("https://phish.example/c", "Both")],
            result.Links.Select(l => (l.Url, l.Text)));
        Assert.All(result.Links, l => Assert.Equal(LinkSource.HtmlAnchor, l.Source));
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

    [Theory]
    [InlineData("<html><head><title>Notice</title>LURE</head><body></body></html>")]
    [InlineData("<html><head><title>Notice</title><div>LURE</div></head></html>")]
    [InlineData("<p>Hello</p><head>LURE</head>")]
    [InlineData("<p>Hello</p><head><p>LURE</p></head><p>Bye</p>")]
    [InlineData("<noscript><p>LURE</p></noscript>")]
    [InlineData("<head><noscript>LURE</noscript></head>")]
    [InlineData("<noscript><noscript><b>LURE</b></noscript></noscript>")]
    [InlineData("<p style=\"display:none\">secret<div>LURE</div>")]
    [InlineData("<p style=\"display:none\"><span>secret<ul><li>LURE</li></ul>")]
    [InlineData("<!DOCTYPE html><p style=\"display:none\">secret<table><tr><td>LURE</td></tr></table>")]
    [InlineData("<div style=\"font-size:0\">x<span style=\"font-size:16px\">LURE</span></div>")]
    [InlineData("<div style=\"font-size:0\">x<span style=\"font-size:12pt\">LURE</span></div>")]
    [InlineData("<div style=\"font-size:0\">x<font size=\"3\">LURE</font></div>")]
    [InlineData("<div style=\"font-size:0\">x<span style=\"font:bold 16px Arial\">LURE</span></div>")]
    [InlineData("<div style=\"font-size:0\"><table><tr><td>LURE</td></tr></table></div>")]
    [InlineData("<div style=\"visibility:hidden\"><p style=\"visibility:visible\">LURE</p></div>")]
    [InlineData("<p style=\"font-size:0;font-size:16px\">LURE</p>")]
    [InlineData("<p style=\"display:none;display:block\">LURE</p>")]
    [InlineData("<p style=\"font-size:16px !important;font-size:0\">LURE</p>")]
    [InlineData("<div hidden style=\"display:block\">LURE</div>")]
    [InlineData("<div style=\"height:0;width:0\">LURE</div>")]
    [InlineData("<span style=\"height:0;overflow:hidden\">LURE</span>")]
    [InlineData("<div style=\"font-size:0\"><span style=\"font-size:16px\"/>LURE</div>")]
    [InlineData("<div style=\"font-size:0\"><span><div style=\"font-size:16px\"></span>LURE</div></div>")]
    [InlineData("<div style=\"font-size:0\"><b><div style=\"font-size:16px\"></b>LURE</div></div>")]
    [InlineData("<b style=\"display:none\"><div>secret</b>LURE</div>")]
    [InlineData("<div style=\"font-size:0\"><div><table><tr><td style=\"font-size:16px\"></div>LURE</td></tr></table></div></div>")]
    [InlineData("<table style=\"display:none\"><tr>LURE<td>secret</td></tr></table>")]
    [InlineData("<table style=\"display:none\"><tr><td>secret</td></tr><p>LURE</p></table>")]
    [InlineData("<table><tr><td style=\"display:none\">secret<td>LURE</table>")]
    [InlineData("<ul><li style=\"display:none\">secret<li>LURE</ul>")]
    [InlineData("<a href=\"https://a.example/\" style=\"display:none\">secret<a href=\"https://b.example/\">LURE</a>")]
    [InlineData("<div style=\"display:none\">secret</body></html><p>x</p></div>LURE")]
    public void Extract_TextThatBrowsersShow_IsVisible(string html)
    {
        var result = HtmlTextExtractor.Extract(html);

        Assert.Contains("LURE", result.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain("LURE", result.HiddenText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<div style=\"display:none\"><p style=\"display:block\">LURE</p></div>")]
    [InlineData("<div style=\"display:none\"><span style=\"visibility:visible;font-size:16px;opacity:1\">LURE</span></div>")]
    [InlineData("<div hidden><p style=\"display:block\">LURE</p></div>")]
    [InlineData("<div hidden=\"until-found\" style=\"display:block\">LURE</div>")]
    [InlineData("<div style=\"font-size:0\"><span>LURE</span></div>")]
    [InlineData("<div style=\"font-size:0\"><span style=\"font-size:1.5em\">LURE</span></div>")]
    [InlineData("<div style=\"font-size:0\"><h1>LURE</h1></div>")]
    [InlineData("<div style=\"font:0/0 a\">LURE</div>")]
    [InlineData("<div style=\"visibility:hidden\"><p><b>LURE</b></p></div>")]
    [InlineData("<p style=\"display:none\"><span>LURE</span>")]
    [InlineData("<p style=\"display:none\"><b>LURE<i>more</i></b></p>")]
    [InlineData("<p style=\"font-size:0 !important;font-size:16px\">LURE</p>")]
    [InlineData("<p style=\"display:none;display:blorp\">LURE</p>")]
    [InlineData("<p style=\"display:/* x */none\">LURE</p>")]
    [InlineData("<div style=\"opacity:0\"><p style=\"opacity:1\">LURE</p></div>")]
    [InlineData("<div style=\"max-height:0;overflow:hidden\"><p>LURE</p></div>")]
    [InlineData("<table style=\"display:none\"><tr><td>LURE</td></tr></table>")]
    [InlineData("<div style=\"font-size:0\"><span><b style=\"font-size:16px\"></span></b>LURE</div>")]
    [InlineData("<span style=\"display:none\"><div>secret</span>LURE</div>")]
    [InlineData("<template><p>LURE</p></template>")]
    public void Extract_TextThatBrowsersHide_IsHidden(string html)
    {
        var result = HtmlTextExtractor.Extract($"<p>Shown.</p>{html}");

        Assert.Equal("Shown.", result.VisibleText.Split('\n')[0]);
        Assert.DoesNotContain("LURE", result.VisibleText, StringComparison.Ordinal);
        Assert.Contains("LURE", result.HiddenText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<!DOCTYPE html>", false)]
    [InlineData("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">", false)]
    [InlineData("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.0 Transitional//EN\">", true)]
    [InlineData("", true)]
    [InlineData("<p>Hi</p><!DOCTYPE html>", true)]
    public void Extract_TableInZeroFontSize_IsShownOnlyInQuirksMode(string prologue, bool shown)
    {
        // In quirks mode (no doctype, or an old one) a table does not inherit its parent's font size.
        var result = HtmlTextExtractor.Extract($"{prologue}<div style=\"font-size:0\"><table><tr><td>LURE</td></tr></table></div>");

        Assert.Equal(shown, result.VisibleText.Contains("LURE", StringComparison.Ordinal));
        Assert.Equal(!shown, result.HiddenText.Contains("LURE", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_HeadElements_AreNeitherVisibleNorHidden()
    {
        var result = HtmlTextExtractor.Extract("<html><head><title>LURE</title><style>p.LURE { color: red }</style><script>var LURE;</script></head><body><p>Body</p><title>LURE</title></body></html>");

        Assert.Equal("Body", result.VisibleText);
        Assert.Empty(result.HiddenText);
    }

    [Fact]
    public void Extract_ManyRepeatedResourcesBeforeAnAnchor_KeepsTheAnchor()
    {
        var pixels = string.Concat(Enumerable.Repeat("<img src=\"https://cdn.example.net/p.gif\" width=1 height=1>", 2500));

        var result = HtmlTextExtractor.Extract(pixels + "<a href=\"http://185.234.72.19/x\">https://www.paypal.com/</a>");

        Assert.Contains(result.Links, l => l.Url == "http://185.234.72.19/x" && l.Source == LinkSource.HtmlAnchor && l.Text == "https://www.paypal.com/");
        Assert.Equal(HtmlTextExtractor.MaxResourceLinks, result.Links.Count(l => l.Source == LinkSource.HtmlResource));
        Assert.Equal(0, result.OmittedLinks);
        Assert.Equal(0, result.OmittedResources);
    }

    [Fact]
    public void Extract_ManyDistinctResourcesBeforeAnAnchor_KeepsTheAnchorAndCountsTheOmittedResources()
    {
        var pixels = string.Concat(Enumerable.Range(0, HtmlTextExtractor.MaxResourceLinks + 5).Select(i => $"<img src=\"https://cdn.example.net/p{i}.gif\">"));

        var result = HtmlTextExtractor.Extract(pixels + "<a href=\"http://185.234.72.19/x\">https://www.paypal.com/</a>");

        Assert.Contains(result.Links, l => l.Url == "http://185.234.72.19/x" && l.Source == LinkSource.HtmlAnchor);
        Assert.Equal(HtmlTextExtractor.MaxResourceLinks, result.Links.Count(l => l.Source == LinkSource.HtmlResource));
        Assert.Equal(5, result.OmittedResources);
        Assert.Equal(0, result.OmittedLinks);
    }

    [Fact]
    public void Extract_RepeatedAnchorsBeforeAnotherAnchor_KeepTheLastOne()
    {
        var repeats = string.Concat(Enumerable.Repeat("<a href=\"https://shop.example.com/\">Shop</a>", 2500));

        var result = HtmlTextExtractor.Extract(repeats + "<a href=\"http://185.234.72.19/x\">https://www.paypal.com/</a>");

        Assert.Contains(result.Links, l => l.Url == "http://185.234.72.19/x");
        Assert.Equal(0, result.OmittedLinks);
    }

    [Fact]
    public void Extract_MoreDistinctAnchorsThanTheBudget_CountsTheOmittedOnes()
    {
        var anchors = string.Concat(Enumerable.Range(0, HtmlTextExtractor.MaxAnchorLinks + 3).Select(i => $"<a href=\"https://shop.example.com/{i}\">Item</a>"));

        var result = HtmlTextExtractor.Extract(anchors + "<form action=\"https://collect.example.net/\"><input type=password></form>");

        Assert.Equal(HtmlTextExtractor.MaxAnchorLinks, result.Links.Count);
        Assert.Equal(4, result.OmittedLinks);
        Assert.Single(result.Forms);
    }

    [Fact]
    public async Task AnalyzeAsync_PixelFloodBeforeAMisleadingLink_StillReportsTheLink()
    {
        var pixels = string.Concat(Enumerable.Repeat("<img src=\"https://cdn.example.net/p.gif\" width=1 height=1>", 2000));
        var html = pixels + "<a href=\"http://185.234.72.19/x\">https://www.paypal.com/</a>";

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.Html(html));

        Assert.Contains(report.Signals, s => s.Id == "link.ip-literal");
        Assert.Contains(report.Signals, s => s.Id == "link.text-href-mismatch");
        Assert.DoesNotContain(report.Signals, s => s.Id == "link.limit-reached");
    }
}
