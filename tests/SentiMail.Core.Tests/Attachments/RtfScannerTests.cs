using System.Diagnostics;
using System.Text;
using SentiMail.Attachments;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Attachments;

public class RtfScannerTests
{
    private static readonly byte[] s_equation = TestOfficeFiles.Ole1Object("Equation.3", TestOfficeFiles.CompoundFileWithClass(TestOfficeFiles.EquationClsid, "Equation Native"));

    [Fact]
    public void Scan_PlainTextAndPictures_FindNothing()
    {
        var rtf = TestOfficeFiles.Rtf("{\\b Totals}\\par {\\field{\\*\\fldinst HYPERLINK \"https://example.net/\"}{\\fldrslt here}}\\par " + TestOfficeFiles.RtfPicture()
            + "{\\*\\template C:\\\\Users\\\\bob\\\\Templates\\\\Letter.dotx}{\\*\\generator Riched20 10.0}");

        Assert.Empty(RtfScanner.Scan(rtf));
    }

    [Fact]
    public void Scan_EquationEditorObject_IsAnExploit()
    {
        var found = Assert.Single(RtfScanner.Scan(TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Equation.3", s_equation))));

        Assert.Equal(DocumentThreatKind.Exploit, found.Kind);
        Assert.Contains("Equation.3", found.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" \r\n\t ")]
    [InlineData("{\\*\\bogus 4142434445}")]
    [InlineData("\\par\\dde0123\\'41 ")]
    [InlineData("{}")]
    public void Scan_ObjectDataObfuscated_IsReadAsWordReadsIt(string noise)
    {
        // The noise goes between every two bytes of the data: blank space, ignored groups (their hex is not data),
        // control words (their numeric parameters are not data), empty groups.
        var hex = TestOfficeFiles.Hex(s_equation, 0);
        var data = new StringBuilder();
        for (var i = 0; i < hex.Length; i += 2)
        {
            data.Append(hex, i, 2).Append(noise);
        }

        var rtf = TestOfficeFiles.Rtf($"{{\\object\\objemb{{\\*\\objdata {data}}}}}");

        Assert.Equal(DocumentThreatKind.Exploit, Assert.Single(RtfScanner.Scan(rtf)).Kind);
    }

    [Fact]
    public void Scan_ObjectDataAsBinaryBytes_IsRead()
    {
        byte[] rtf = [.. Encoding.Latin1.GetBytes($"{{\\rtf1{{\\object\\objemb{{\\*\\objdata \\bin{s_equation.Length} "), .. s_equation, .. "}}}"u8];

        Assert.Equal(DocumentThreatKind.Exploit, Assert.Single(RtfScanner.Scan(rtf)).Kind);
    }

    [Fact]
    public void Scan_ControlWordsInAnotherCase_AreNotObjectData()
    {
        // RTF control words are case sensitive: \OBJDATA is an unknown word, and its group's hex is text.
        var rtf = TestOfficeFiles.Rtf($"{{\\OBJECT{{\\OBJDATA {TestOfficeFiles.Hex(TestOfficeFiles.Ole1Object("Package", TestOfficeFiles.PackageNative("a.exe")), 0)}}}}}");

        Assert.Empty(RtfScanner.Scan(rtf));
    }

    [Fact]
    public void Scan_ObjectInsideAnIgnoredDestination_IsSkippedAsWordSkipsIt()
    {
        var rtf = TestOfficeFiles.Rtf($"{{\\*\\unknowndestination {TestOfficeFiles.RtfObject("Equation.3", s_equation)}}}");

        Assert.Empty(RtfScanner.Scan(rtf));
    }

    [Fact]
    public void Scan_DocumentCutInTheMiddleOfItsObjectData_StillReadsWhatCame()
    {
        var whole = TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject(null, TestOfficeFiles.Ole1Object("Package", TestOfficeFiles.PackageNative("invoice.scr"))));
        var cut = whole[..(Encoding.Latin1.GetString(whole).IndexOf("result", StringComparison.Ordinal) - 40)];

        var found = Assert.Single(RtfScanner.Scan(cut));
        Assert.Equal(DocumentThreatKind.DangerousPackage, found.Kind);
        Assert.Equal("invoice.scr", found.Evidence);
    }

    [Fact]
    public void Scan_PackageOfADocument_IsAPackageNotAProgram()
    {
        var found = Assert.Single(RtfScanner.Scan(TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Package", TestOfficeFiles.Ole1Object("Package", TestOfficeFiles.PackageNative("report.pdf"))))));

        Assert.Equal(DocumentThreatKind.Package, found.Kind);
        Assert.Equal("report.pdf", found.Evidence);
    }

    [Theory]
    [InlineData("http://203.0.113.7/t.dotm", nameof(DocumentThreatKind.RemoteContent))]
    [InlineData("\\\\\\\\203.0.113.7\\\\s\\\\t.dotm", nameof(DocumentThreatKind.RemoteShareContent))]
    [InlineData("ms-msdt:/id PCWDiagnostic", nameof(DocumentThreatKind.Exploit))]
    public void Scan_TemplateElsewhere_IsFetchedOnOpen(string target, string kind)
    {
        Assert.Equal(Enum.Parse<DocumentThreatKind>(kind), Assert.Single(RtfScanner.Scan(TestOfficeFiles.Rtf($"{{\\*\\template {target}}}"))).Kind);
    }

    [Fact]
    public void Scan_MillionsOfNestedObjects_KeepsFewAndAllocatesLittle()
    {
        // 3,000,000 nested objects without data (22 MB): once kept, each with its buffers, they took 649 MiB.
        var rtf = Encoding.ASCII.GetBytes("{\\rtf1 " + new StringBuilder().Insert(0, "{\\object", 3_000_000));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = RtfScanner.Scan(rtf);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Empty(found);
        Assert.True(allocated < 100L * 1024 * 1024, $"{allocated / (1024 * 1024)} MiB allocated");
    }

    [Fact]
    public void Scan_AProgramPackageAfterManyNestedEmptyObjects_IsFoundWhileTheyAreFewerThanTheLimit()
    {
        // The objects up to the limit are kept: the innermost one's data is read as its own.
        var package = TestOfficeFiles.RtfObject("Package", TestOfficeFiles.Ole1Object("Package", TestOfficeFiles.PackageNative("invoice.exe")));
        var rtf = TestOfficeFiles.Rtf(string.Concat(Enumerable.Repeat("{\\object", RtfScanner.MaxObjects - 1)) + package + new string('}', RtfScanner.MaxObjects - 1));

        Assert.Equal(DocumentThreatKind.DangerousPackage, Assert.Single(RtfScanner.Scan(rtf)).Kind);
    }

    [Fact]
    public void Scan_ObjectPastTheLimit_IsReadOverAndItsDataGoesToNoOtherObject()
    {
        // Past the limit, an object's data goes nowhere: not into the enclosing object that is still kept.
        var package = TestOfficeFiles.RtfObject(null, TestOfficeFiles.Ole1Object("Package", TestOfficeFiles.PackageNative("invoice.exe")));
        var rtf = TestOfficeFiles.Rtf(string.Concat(Enumerable.Repeat("{\\object", RtfScanner.MaxObjects)) + package + new string('}', RtfScanner.MaxObjects));

        Assert.Empty(RtfScanner.Scan(rtf));
    }

    [Fact]
    public void Scan_AProgramPackageAfterManyEmptyObjectsInARow_IsFound()
    {
        // Empty objects one after another show and run nothing: they do not use up the objects examined.
        var package = TestOfficeFiles.RtfObject("Package", TestOfficeFiles.Ole1Object("Package", TestOfficeFiles.PackageNative("invoice.exe")));
        var rtf = TestOfficeFiles.Rtf(string.Concat(Enumerable.Repeat("{\\object}", RtfScanner.MaxObjects * 4)) + package);

        Assert.Equal(DocumentThreatKind.DangerousPackage, Assert.Single(RtfScanner.Scan(rtf)).Kind);
    }

    internal static readonly string[] HostileKinds =
    [
        "deep-groups",
        "huge-bin",
        "many-objects",
        "long-object-data",
        "long-control-words",
        "unbalanced-closers",
        "random-bytes",
    ];

    public static TheoryData<string> HostileDocuments => [.. HostileKinds];

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public void Scan_HostileDocument_EndsQuicklyWithoutThrowing(string kind)
    {
        var rtf = Hostile(kind);

        var watch = Stopwatch.StartNew();
        var found = RtfScanner.Scan(rtf);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{kind}: {watch.Elapsed}");
        Assert.True(found.Count <= 16);
    }

    internal static byte[] Hostile(string kind)
    {
        const int Size = 8 * 1024 * 1024;
        switch (kind)
        {
            case "deep-groups":
                return [.. "{\\rtf1"u8, .. Enumerable.Repeat((byte)'{', Size), .. "\\object{\\*\\objdata 0105"u8];
            case "huge-bin":
                return [.. "{\\rtf1{\\object{\\*\\objdata \\bin99999999999999999999 "u8, .. new byte[1024]];
            case "many-objects":
                return Encoding.ASCII.GetBytes("{\\rtf1" + string.Concat(Enumerable.Repeat("{\\object\\objupdate{\\*\\objclass Package}{\\*\\objdata 0105000002}}", 100_000)) + "}");
            case "long-object-data":
                var hex = new byte[Size + 1024];
                hex.AsSpan().Fill((byte)'a');
                return [.. "{\\rtf1{\\object{\\*\\objdata "u8, .. hex];
            case "long-control-words":
                var letters = new byte[Size];
                letters.AsSpan().Fill((byte)'x');
                return [.. "{\\rtf1{\\object{\\*\\objdata \\"u8, .. letters, .. "12345678901234567890123"u8];
            case "unbalanced-closers":
                return [.. "{\\rtf1"u8, .. Enumerable.Repeat((byte)'}', Size), .. "{\\object{\\*\\objdata 01"u8];
            default:
                var random = new byte[Size];
                new Random(4711).NextBytes(random);
                return [.. "{\\rtf1"u8, .. random];
        }
    }
}
