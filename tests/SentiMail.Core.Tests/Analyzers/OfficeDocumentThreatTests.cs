using System.Diagnostics;
using System.Text;
using SentiMail.Analyzers;
using SentiMail.Attachments;
using SentiMail.Scoring;
using SentiMail.Tests.Attachments;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Analyzers;

/// <summary>Office and RTF documents that fetch a template or an object when they are opened, hold an exploit object or
/// embed a program, as whole messages go through the engine. The crafted cases with their benign twins are in
/// <see cref="AttachmentAnalyzerTests"/>.</summary>
public class OfficeDocumentThreatTests
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Rtf = "application/rtf";

    [Fact]
    public async Task AnalyzeAsync_RemoteTemplateAlone_IsMaliciousAndNamesItsTarget()
    {
        var docx = TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "https://203.0.113.7/templates/order.dotm", external: true));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.docx", Docx, docx)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.RemoteTemplate.Id);
        Assert.Equal(AttachmentAnalyzer.RemoteTemplate.DefaultWeight, signal.Weight);
        Assert.Contains("https://203.0.113.7/templates/order.dotm", signal.Description, StringComparison.Ordinal);
        Assert.Equal("word/_rels/settings.xml.rels: attachedTemplate https://203.0.113.7/templates/order.dotm", Assert.Single(signal.Evidence).Value);
        Assert.Equal(Verdict.Malicious, report.Verdict);
    }

    [Fact]
    public async Task AnalyzeAsync_DocumentWithAnOrdinaryHyperlinkAndItsOwnTemplate_RaisesNoAttachmentSignal()
    {
        var docx = TestOfficeFiles.Docx(
            TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "file:///C:/Users/bob/AppData/Roaming/Microsoft/Templates/Normal.dotm", external: true)
            + "<Relationship Id=\"rId2\" Type=\"" + TestOfficeFiles.HyperlinkType + "\" Target=\"https://www.example.net/orders?id=4471&amp;view=1\" TargetMode=\"External\"/>");

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.docx", Docx, docx)));

        Assert.DoesNotContain(report.Signals, s => s.Category == SentiMail.Signals.SignalCategory.Attachments);
    }

    [Fact]
    public async Task AnalyzeAsync_ExternalSubDocumentInAnyRelationshipsPart_IsFetchedOnOpen()
    {
        var rels = "<Relationships><Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/subDocument\" Target=\"http://203.0.113.7/part2.docx\" TargetMode=\"External\"/></Relationships>";
        var docx = TestOfficeFiles.Docx(string.Empty, ("word/_rels/document.xml.rels", Encoding.UTF8.GetBytes(rels)));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.docx", Docx, docx)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.RemoteTemplate.Id);
        Assert.Equal("word/_rels/document.xml.rels: subDocument http://203.0.113.7/part2.docx", Assert.Single(signal.Evidence).Value);
    }

    [Fact]
    public async Task AnalyzeAsync_TemplateOnANetworkShare_WeighsTheShareWeight()
    {
        var docx = TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "file://fileserver.example.net/templates/Letter.dotx", external: true));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("letter.docx", Docx, docx)));

        Assert.Equal(AttachmentAnalyzer.RemoteShareWeight, Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.RemoteTemplate.Id).Weight);
    }

    [Theory]
    [InlineData("https://contoso.sharepoint.com/sites/HR/Shared%20Documents/Templates/Letterhead.dotx", "dotx")]
    [InlineData("https://templates.example.net/finance/Budget.XLTX", "xltx")]
    [InlineData("https://templates.example.net/brand/Deck.potx", "potx")]
    public async Task AnalyzeAsync_OrganisationTemplateFileWithoutMacrosOverHttps_WeighsTheTemplateFileWeightAlone(string target, string extension)
    {
        // A letter made from the HR department's letterhead on SharePoint: Word links the template by its address.
        var docx = TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, target, external: true));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("Offer letter.docx", Docx, docx)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.RemoteTemplate.Id);
        Assert.Equal(AttachmentAnalyzer.RemoteTemplateFileWeight, signal.Weight);
        Assert.Contains($"without macros (.{extension})", signal.Description, StringComparison.Ordinal);
        Assert.Equal($"word/_rels/settings.xml.rels: attachedTemplate {target} (a .{extension} template file without macros, over HTTPS)", Assert.Single(signal.Evidence).Value);
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Theory]
    [InlineData("https://contoso.sharepoint.com/sites/HR/Templates/Letterhead.dotm")]
    [InlineData("https://contoso.sharepoint.com/sites/HR/Templates/Letterhead.dot")]
    [InlineData("https://templates.example.net/finance/Budget.xltm")]
    [InlineData("https://templates.example.net/brand/Deck.potm")]
    [InlineData("https://contoso.sharepoint.com/sites/HR/Templates/Letterhead")]
    [InlineData("https://contoso.sharepoint.com/sites/HR/Templates/")]
    [InlineData("https://templates.example.net/letterhead.html")]
    [InlineData("https://203.0.113.7/Letterhead.dotx")]
    [InlineData("https://[2001:db8::7]/Letterhead.dotx")]
    [InlineData("http://contoso.sharepoint.com/sites/HR/Templates/Letterhead.dotx")]
    [InlineData("https://templates.example.net:8443/Letterhead.dotx")]
    [InlineData("https://templates.example.net/get.php?file=Letterhead.dotx")]
    [InlineData("https://templates.example.net/Letterhead.dotx?v=2")]
    [InlineData("https://templates.example.net/Letterhead.dotx#x")]
    [InlineData("https://user@templates.example.net/Letterhead.dotx")]
    [InlineData("https://templates.example.net/Letterhead.dotx%00.dotm")]
    [InlineData("https://templates.example.net/.dotx")]
    [InlineData("https://intranet/Letterhead.dotx")]
    public async Task AnalyzeAsync_RemoteTemplateThatCanCarryCodeOrIsUnusual_KeepsTheFullWeight(string target)
    {
        var docx = TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, target, external: true));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("Offer letter.docx", Docx, docx)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.RemoteTemplate.Id);
        Assert.Equal(AttachmentAnalyzer.RemoteTemplate.DefaultWeight, signal.Weight);
        Assert.Equal(Verdict.Malicious, report.Verdict);
    }

    [Fact]
    public async Task AnalyzeAsync_OleObjectFetchedFromATemplateFileAddress_KeepsTheFullWeight()
    {
        // Only an attached template is lowered: an OLE object fetched on open runs its server whatever the address.
        var docx = TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.OleObjectType, "https://contoso.sharepoint.com/Letterhead.dotx", external: true));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("Offer letter.docx", Docx, docx)));

        Assert.Equal(AttachmentAnalyzer.RemoteTemplate.DefaultWeight, Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.RemoteTemplate.Id).Weight);
    }

    [Fact]
    public async Task AnalyzeAsync_LegacyDocumentWithDecoyHeadersBeforeAProgramPackage_FindsTheProgram()
    {
        // 4,100 runs of a header's type field after a NUL (20 KB) before the real package: more than the 4,096
        // candidates the search once checked.
        var doc = TestOfficeFiles.CompoundFileHolding(TestOfficeFiles.PackageHeaderDecoys(4100), TestOfficeFiles.Ole10NativeStream("invoice.exe"));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("report.doc", "application/msword", doc)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.EmbeddedFile.Id);
        Assert.Equal(AttachmentAnalyzer.EmbeddedFile.DefaultWeight, signal.Weight);
        Assert.Equal("invoice.exe", Assert.Single(signal.Evidence).Value);
    }

    [Fact]
    public async Task AnalyzeAsync_LegacyDocumentWithDecoyHeadersBeforeADocumentPackage_RaisesNoAttachmentSignal()
    {
        var doc = TestOfficeFiles.CompoundFileHolding(TestOfficeFiles.PackageHeaderDecoys(4100), TestOfficeFiles.Ole10NativeStream("invoice.pdf"));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("report.doc", "application/msword", doc)));

        Assert.DoesNotContain(report.Signals, s => s.Category == SentiMail.Signals.SignalCategory.Attachments);
    }

    [Fact]
    public async Task AnalyzeAsync_DocxOleObjectWithDecoyHeadersBeforeAProgramPackage_FindsTheProgram()
    {
        var ole = TestOfficeFiles.CompoundFileHolding(TestOfficeFiles.PackageHeaderDecoys(4100), TestOfficeFiles.Ole10NativeStream("invoice.exe"));
        var docx = TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "Normal.dotm", external: false), ("word/embeddings/oleObject1.bin", ole));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.docx", Docx, docx)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.EmbeddedFile.Id);
        Assert.Equal("word/embeddings/oleObject1.bin: invoice.exe", Assert.Single(signal.Evidence).Value);
    }

    [Fact]
    public async Task AnalyzeAsync_LegacyDocumentWithManyDocumentPackagesBeforeAProgramPackage_FindsTheProgram()
    {
        // Eight packaged PDFs (sixteen names with their original paths) before the program: more names than are kept.
        byte[][] streams = [.. Enumerable.Range(0, 8).Select(i => TestOfficeFiles.Ole10NativeStream($"sheet{i}.pdf")), TestOfficeFiles.Ole10NativeStream("invoice.exe")];
        var doc = TestOfficeFiles.CompoundFileHolding(streams);

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("report.doc", "application/msword", doc)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.EmbeddedFile.Id);
        Assert.Equal(AttachmentAnalyzer.EmbeddedFile.DefaultWeight, signal.Weight);
        Assert.Equal("invoice.exe", Assert.Single(signal.Evidence).Value);
    }

    [Fact]
    public async Task AnalyzeAsync_LegacyDocumentWithManyDocumentPackages_RaisesNoAttachmentSignal()
    {
        byte[][] streams = [.. Enumerable.Range(0, 9).Select(i => TestOfficeFiles.Ole10NativeStream($"sheet{i}.pdf"))];

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("report.doc", "application/msword", TestOfficeFiles.CompoundFileHolding(streams))));

        Assert.DoesNotContain(report.Signals, s => s.Category == SentiMail.Signals.SignalCategory.Attachments);
    }

    [Theory]
    [InlineData("Package")]
    [InlineData("Packagf")]
    public async Task AnalyzeAsync_RtfPackageWithDecoyHeadersBeforeAProgram_FindsTheProgram(string className)
    {
        var native = TestOfficeFiles.PackageNative("invoice.exe");
        var rtf = TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject(className, TestOfficeFiles.Ole1Object(className, [.. TestOfficeFiles.PackageHeaderDecoys(4100), .. native])));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.rtf", Rtf, rtf)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.EmbeddedFile.Id);
        Assert.Equal(AttachmentAnalyzer.EmbeddedFile.DefaultWeight, signal.Weight);
        Assert.Equal("invoice.exe", Assert.Single(signal.Evidence).Value);
    }

    [Fact]
    public async Task AnalyzeAsync_RemoteTemplateInADocumentInAZip_EvidenceNamesTheDocument()
    {
        var zip = TestFiles.Zip(("docs/order.docx", TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "https://203.0.113.7/t.dotm", external: true))));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.zip", "application/zip", zip)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.RemoteTemplate.Id);
        Assert.Contains("docs/order.docx in order.zip", signal.Description, StringComparison.Ordinal);
        Assert.Equal("docs/order.docx/word/_rels/settings.xml.rels: attachedTemplate https://203.0.113.7/t.dotm", Assert.Single(signal.Evidence).Value);
    }

    [Theory]
    [InlineData("mhtml:http://203.0.113.7/f.html!x-usc:http://203.0.113.7/f.html")]
    [InlineData("http://203.0.113.7/RDF842l.html!")]
    [InlineData("ms-msdt:/id PCWDiagnostic /skip force /param \"IT_RebrowseForFile=?\"")]
    public async Task AnalyzeAsync_Follina_IsMalicious(string target)
    {
        var docx = TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.OleObjectType, System.Net.WebUtility.HtmlEncode(target), external: true));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.docx", Docx, docx)));

        Assert.Contains(report.Signals, s => s.Id == AttachmentAnalyzer.OfficeExploit.Id && s.Weight == AttachmentAnalyzer.OfficeExploit.DefaultWeight);
        Assert.Equal(Verdict.Malicious, report.Verdict);
    }

    [Fact]
    public async Task AnalyzeAsync_RtfEquationEditorObject_IsMalicious()
    {
        var rtf = TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Equation.3", TestOfficeFiles.Ole1Object("Equation.3", TestOfficeFiles.CompoundFileWithClass(TestOfficeFiles.EquationClsid, "Equation Native")), "\\objemb\\objupdate"));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.doc", "application/msword", rtf)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.OfficeExploit.Id);
        Assert.Equal(AttachmentAnalyzer.OfficeExploit.DefaultWeight, signal.Weight);
        Assert.Contains("CVE-2017-11882", signal.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Signals, s => s.Id == AttachmentAnalyzer.TypeMismatch.Id);
        Assert.Equal(Verdict.Malicious, report.Verdict);
    }

    [Fact]
    public async Task AnalyzeAsync_RtfObjectUpdatedOnOpen_WeighsTheUpdateWeight()
    {
        var rtf = TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Word.Document.8", TestOfficeFiles.Ole1Object("Word.Document.8", TestFiles.OleDocument("WordDocument")), "\\objemb\\objupdate"));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.rtf", Rtf, rtf)));

        Assert.Equal(AttachmentAnalyzer.ObjectUpdateWeight, Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.OfficeExploit.Id).Weight);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4100)]
    public async Task AnalyzeAsync_RtfPackageOfADocument_IsNotedBelowSuspicious(int decoyHeaders)
    {
        // With or without decoy package headers in front of it, a document in a package stays below Suspicious.
        var native = TestOfficeFiles.PackageNative("report.pdf");
        var rtf = TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Package", TestOfficeFiles.Ole1Object("Package", [.. TestOfficeFiles.PackageHeaderDecoys(decoyHeaders), .. native])));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.rtf", Rtf, rtf)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.EmbeddedFile.Id);
        Assert.Equal(AttachmentAnalyzer.PackagedFileWeight, signal.Weight);
        Assert.Equal("report.pdf", Assert.Single(signal.Evidence).Value);
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Fact]
    public async Task AnalyzeAsync_DocxEmbeddingAProgram_EvidenceNamesThePartAndTheFile()
    {
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.docx", Docx, TestOfficeFiles.DocxWithPackage("invoice.exe"))));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.EmbeddedFile.Id);
        Assert.Equal(AttachmentAnalyzer.EmbeddedFile.DefaultWeight, signal.Weight);
        Assert.Equal("word/embeddings/oleObject1.bin: invoice.exe", Assert.Single(signal.Evidence).Value);
        Assert.Contains("order.docx (its part word/embeddings/oleObject1.bin) embeds invoice.exe", signal.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Signals, s => s.Id == AttachmentAnalyzer.Macro.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_DocxWithMacrosRenamedAsAnObject_IsStillOneMacroFinding()
    {
        // The VBA project is an OLE part of the package: it is checked for packages, and its macros are counted once.
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.docm", "application/vnd.ms-word.document.macroEnabled.12", TestFiles.WordDocument(withMacros: true))));

        Assert.Single(Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.Macro.Id).Evidence);
        Assert.DoesNotContain(report.Signals, s => s.Id == AttachmentAnalyzer.EmbeddedFile.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_DocxWithAnOleObjectOverTheSizeRead_IsNotNotedAsPartlyInspected()
    {
        // A large embedded workbook or drawing is common: its first 8 MiB, where a package's header is, are checked.
        var large = new byte[ArchiveInspector.MaxNestedArchiveBytes + 4096];
        new Random(4711).NextBytes(large);
        TestFiles.OleDocument("Root Entry").CopyTo(large, 0);
        var docx = TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "Normal.dotm", external: false), ("word/embeddings/oleObject1.bin", large));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("drawing.docx", Docx, docx)));

        Assert.DoesNotContain(report.Signals, s => s.Category == SentiMail.Signals.SignalCategory.Attachments);
    }

    public static TheoryData<string> HostileRtf => [.. RtfScannerTests.HostileKinds];

    [Theory]
    [MemberData(nameof(HostileRtf))]
    public async Task AnalyzeAsync_HostileRtf_IsAnalysedWithoutTrouble(string kind)
    {
        var watch = Stopwatch.StartNew();
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.rtf", Rtf, RtfScannerTests.Hostile(kind))));

        Assert.DoesNotContain(report.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"{kind}: {watch.Elapsed}");
    }

    [Theory]
    [InlineData("<Relationships><Relationship Id=\"rId1\" Type=\"" + TestOfficeFiles.TemplateType + "\" Target=\"https://203.0.113.7/t.dotm\" TargetMode=\"Exter")]
    [InlineData("<Relationships><Relationship Id=\"rId1\" Type=\"" + TestOfficeFiles.TemplateType + "\" Target=\"https://203.0.113.7/t.dotm TargetMode=External/>")]
    [InlineData("<Relationships><Relationship Type=Target=TargetMode= <<<>>> &#xFFFFFFFF; &bogus; <Relationship Target='")]
    public async Task AnalyzeAsync_TruncatedOrMalformedRelationships_DoNotThrowOrCount(string rels)
    {
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.docx", Docx, TestOfficeFiles.Docx(string.Empty, ("word/_rels/document.xml.rels", Encoding.UTF8.GetBytes(rels))))));

        Assert.DoesNotContain(report.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout" || s.Id == AttachmentAnalyzer.RemoteTemplate.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_OversizedRelationshipsPart_IsReadUpToItsLimitQuickly()
    {
        // 4 MiB of external hyperlinks after a remote template: the part is read up to OfficePackage.MaxPartBytes.
        var link = TestOfficeFiles.Relationship(TestOfficeFiles.HyperlinkType, "https://www.example.net/a", external: true);
        var rels = TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "https://203.0.113.7/t.dotm", external: true)
            + string.Concat(Enumerable.Repeat(link, 4 * 1024 * 1024 / link.Length));
        var docx = TestOfficeFiles.Docx(rels);

        var watch = Stopwatch.StartNew();
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("order.docx", Docx, docx)));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"{watch.Elapsed}");
        Assert.DoesNotContain(report.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout");
        Assert.Single(Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.RemoteTemplate.Id).Evidence);
    }

    [Fact]
    public void PackagedFiles_AFileOfPackageHeaderLookAlikes_TakesLinearTime()
    {
        // Every five bytes a type field (00 00 03 00) after a printable byte, each followed by a length that fits.
        var unit = new byte[] { (byte)'A', 0, 0, 0, 3, 0, 0xF0, 3, 0, 0 };
        var data = new byte[8 * 1024 * 1024];
        for (var i = 0; i + unit.Length <= data.Length; i += unit.Length)
        {
            unit.CopyTo(data, i);
        }

        var watch = Stopwatch.StartNew();
        var found = OfficeObjects.PackagedFiles(data);

        Assert.Empty(found);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{watch.Elapsed}");
    }

    [Fact]
    public void PackagedFiles_PackagesOfDocumentsThenAProgram_SearchesPastTheNamesKeptAndReturnsTheProgramLast()
    {
        byte[][] streams = [.. Enumerable.Range(0, 20).Select(i => TestOfficeFiles.Ole10NativeStream($"sheet{i}.pdf")), TestOfficeFiles.Ole10NativeStream("invoice.exe"), TestOfficeFiles.Ole10NativeStream("later.exe")];

        var found = OfficeObjects.PackagedFiles(TestOfficeFiles.CompoundFileHolding(streams));

        Assert.Equal(9, found.Count);
        Assert.Equal("C:\\Users\\mallory\\AppData\\Local\\Temp\\invoice.exe", found[^1]);
    }

    [Fact]
    public void PackagedFiles_Ole1ObjectWithDecoysInItsNativeData_ReadsTheHeaderAtItsOffsetFirst()
    {
        // The object's header says where the package is: decoys after it do not matter.
        var native = TestOfficeFiles.PackageNative("invoice.exe");
        var ole1 = TestOfficeFiles.Ole1Object("Package", [.. native, .. TestOfficeFiles.PackageHeaderDecoys(100_000)]);

        var found = OfficeObjects.PackagedFiles(ole1);

        Assert.Equal("C:\\Users\\mallory\\AppData\\Local\\Temp\\invoice.exe", Assert.Single(found));
    }

    [Fact]
    public void PackagedFiles_MegabytesOfDecoysBeforeTheHeader_FindsItQuickly()
    {
        // 8 MiB of decoys that fail the header's cheap checks: none of them uses up the search.
        byte[] data = [.. TestOfficeFiles.PackageHeaderDecoys(8 * 1024 * 1024 / 5), .. TestOfficeFiles.Ole10NativeStream("invoice.exe")];

        var watch = Stopwatch.StartNew();
        var found = OfficeObjects.PackagedFiles(data);

        Assert.EndsWith("invoice.exe", Assert.Single(found), StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{watch.Elapsed}");
    }

    [Theory]
    [InlineData("https://contoso.sharepoint.com/sites/HR/Shared%20Documents/Templates/Letterhead.dotx", "dotx")]
    [InlineData("HTTPS://Templates.Example.NET/a/Budget.Xltx", "xltx")]
    [InlineData("https://contoso.sharepoint.com/Letterhead.dotm", null)]
    [InlineData("https://contoso.sharepoint.com/Letterhead.dotx/", null)]
    [InlineData("https://contoso.sharepoint.com/Letterhead..dotx", null)]
    [InlineData("https://contoso.sharepoint.com/a b.dotx", null)]
    [InlineData("https://contoso.sharepoint.com\\Letterhead.dotx", null)]
    [InlineData("https://203.0.113.7/Letterhead.dotx", null)]
    [InlineData("ftp://contoso.example/Letterhead.dotx", null)]
    [InlineData("Letterhead.dotx", null)]
    public void PlainTemplateFile_Targets_TellsMacroFreeTemplateFilesOverHttpsApart(string target, string? extension)
    {
        Assert.Equal(extension, OfficeObjects.PlainTemplateFile(target));
    }

    [Theory]
    [InlineData("https://203.0.113.7/t.dotm", nameof(OfficeObjects.TargetKind.Web))]
    [InlineData("  HTTP://x.example/t.dotm", nameof(OfficeObjects.TargetKind.Web))]
    [InlineData("ftp://x.example/t.dotm", nameof(OfficeObjects.TargetKind.Web))]
    [InlineData("\\\\203.0.113.7\\s\\t.dotm", nameof(OfficeObjects.TargetKind.Share))]
    [InlineData("//203.0.113.7/s/t.dotm", nameof(OfficeObjects.TargetKind.Share))]
    [InlineData("file://203.0.113.7/s/t.dotm", nameof(OfficeObjects.TargetKind.Share))]
    [InlineData("file:///\\\\203.0.113.7\\s\\t.dotm", nameof(OfficeObjects.TargetKind.Share))]
    [InlineData("file:////203.0.113.7/s/t.dotm", nameof(OfficeObjects.TargetKind.Share))]
    [InlineData("file:///C:/Templates/Normal.dotm", nameof(OfficeObjects.TargetKind.Local))]
    [InlineData("file://localhost/C:/Templates/Normal.dotm", nameof(OfficeObjects.TargetKind.Local))]
    [InlineData("file://C:/Templates/Normal.dotm", nameof(OfficeObjects.TargetKind.Local))]
    [InlineData("C:\\Templates\\Normal.dotm", nameof(OfficeObjects.TargetKind.Local))]
    [InlineData("Normal.dotm", nameof(OfficeObjects.TargetKind.Local))]
    [InlineData("mhtml:http://x.example/a.html!x-usc:http://x.example/a.html", nameof(OfficeObjects.TargetKind.Exploit))]
    [InlineData("MS-MSDT:/id PCWDiagnostic", nameof(OfficeObjects.TargetKind.Exploit))]
    public void Classify_Targets_TellTheWebSharesAndThisComputerApart(string target, string kind)
    {
        Assert.Equal(Enum.Parse<OfficeObjects.TargetKind>(kind), OfficeObjects.Classify(target));
    }
}
