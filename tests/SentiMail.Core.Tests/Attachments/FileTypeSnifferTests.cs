using System.Text;
using SentiMail.Attachments;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Attachments;

public class FileTypeSnifferTests
{
    public static TheoryData<string, FileKind> Samples => new()
    {
        { "pe", FileKind.WindowsExecutable },
        { "pdf", FileKind.Pdf },
        { "zip", FileKind.Zip },
        { "docx", FileKind.OfficeOpenXml },
        { "ole", FileKind.OleDocument },
        { "iso", FileKind.DiskImage },
        { "empty", FileKind.Unknown },
        { "text", FileKind.Text },
        { "html", FileKind.Html },
        { "shebang", FileKind.Script },
        { "hta", FileKind.Script },
        { "png", FileKind.Image },
        { "elf", FileKind.ElfExecutable },
        { "lnk", FileKind.WindowsShortcut },
        { "email", FileKind.Email },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sniff_KnownContent_ReturnsTrueKind(string sample, FileKind expected)
    {
        Assert.Equal(expected, FileTypeSniffer.Sniff(Content(sample)));
    }

    [Theory]
    [InlineData("JUNK")]
    [InlineData("PK\u0007\u0008")]
    [InlineData("\u0089PNG\r\n\u001A\n")]
    public void Sniff_ZipBehindOtherBytes_IsAZip(string prefix)
    {
        // Zip readers find an archive from its end-of-central-directory record: unzip and Python list this payload.
        var zip = TestFiles.Zip(("payload.exe", TestFiles.WindowsExecutable()));
        byte[] content = [.. Encoding.Latin1.GetBytes(prefix), .. zip];

        Assert.Equal(FileKind.Zip, FileTypeSniffer.Sniff(content));
        Assert.Equal(prefix.Length, FileTypeSniffer.ZipStart(content));
    }

    [Theory]
    [InlineData("<html><body><form><input type=\"password\" name=\"p\"></form></body></html>\n", FileKind.Html)]
    [InlineData("%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n", FileKind.Pdf)]
    [InlineData("@echo off\r\nstart http://example.net/x\r\n", FileKind.Script)]
    public void Sniff_ContentOfItsOwnTypeWithAZipAppended_KeepsItsType(string head, FileKind expected)
    {
        // What opens is the page, the document or the script: an archive appended to it must not hide it from its checks.
        byte[] content = [.. Encoding.Latin1.GetBytes(head), .. TestFiles.Zip(("readme.txt", TestFiles.PlainText()))];

        Assert.Equal(expected, FileTypeSniffer.Sniff(content));
    }

    [Fact]
    public void Sniff_BytesThatMerelyContainTheEndOfDirectorySignature_AreNoZip()
    {
        // A text that quotes the signature, and binary data with it near the end but no central directory where it says.
        var text = Encoding.Latin1.GetBytes(string.Concat(Enumerable.Repeat("Notes on the zip format, with a dump at the end.\n", 30))
            + "PK\u0005\u0006\u0000\u0000\u0000\u0000\u0001\u0000\u0001\u0000\u0040\u0000\u0000\u0000\u0010\u0000\u0000\u0000\u0000\u0000 end.\n");
        var binary = new byte[4096];
        new Random(4711).NextBytes(binary);
        binary[0] = 0;
        "PK\u0005\u0006"u8.CopyTo(binary.AsSpan(4000));
        binary[4010] = 1;
        binary[4011] = 0;

        Assert.Equal(FileKind.Text, FileTypeSniffer.Sniff(text));
        Assert.Equal(FileKind.Unknown, FileTypeSniffer.Sniff(binary));
        Assert.Equal(-1, FileTypeSniffer.ZipStart(text));
        Assert.Equal(-1, FileTypeSniffer.ZipStart(binary));
    }

    [Fact]
    public void Sniff_ProgramWithAnArchiveAppended_StaysAProgram()
    {
        // A self-extracting archive is first of all a program.
        byte[] content = [.. TestFiles.WindowsExecutable(), .. TestFiles.Zip(("readme.txt", TestFiles.PlainText()))];

        Assert.Equal(FileKind.WindowsExecutable, FileTypeSniffer.Sniff(content));
    }

    [Theory]
    [InlineData(FileKind.Text, "login.html", "application/octet-stream", FileKind.Html)]
    [InlineData(FileKind.Text, "LOGIN.HTM", "application/octet-stream", FileKind.Html)]
    [InlineData(FileKind.Unknown, "page.xhtml", "application/octet-stream", FileKind.Html)]
    [InlineData(FileKind.Text, "", "text/html", FileKind.Html)]
    [InlineData(FileKind.Unknown, "", "application/xhtml+xml", FileKind.Html)]
    [InlineData(FileKind.Text, "notes.txt", "text/plain", FileKind.Text)]
    [InlineData(FileKind.Unknown, "data.bin", "application/octet-stream", FileKind.Unknown)]
    [InlineData(FileKind.WindowsExecutable, "login.html", "text/html", FileKind.WindowsExecutable)]
    [InlineData(FileKind.Pdf, "statement.html", "text/html", FileKind.Pdf)]
    [InlineData(FileKind.Script, "run.html", "text/html", FileKind.Script)]
    [InlineData(FileKind.Email, "invoice.html", "application/octet-stream", FileKind.Html)]
    [InlineData(FileKind.Email, "fwd.eml", "application/octet-stream", FileKind.Email)]
    [InlineData(FileKind.Text, "invoice.xht", "application/octet-stream", FileKind.Html)]
    [InlineData(FileKind.Text, "invoice.shtm", "application/octet-stream", FileKind.Html)]
    [InlineData(FileKind.Email, "page.mht", "application/octet-stream", FileKind.Html)]
    [InlineData(FileKind.Image, "invoice.html", "text/html", FileKind.Image)]
    public void AsOpened_HtmlNameOrType_MakesTextHtml(FileKind sniffed, string fileName, string contentType, FileKind expected)
    {
        Assert.Equal(expected, FileTypeSniffer.AsOpened(sniffed, fileName, contentType));
    }

    [Theory]
    [InlineData("invoice.pdf.exe", "exe", "pdf")]
    [InlineData("INVOICE.PDF.EXE. ", "exe", "pdf")]
    [InlineData("archive", "", "")]
    [InlineData("report.pdf  .exe", "exe", "pdf")]
    [InlineData(".bashrc", "bashrc", "")]
    public void Extension_FileName_ReturnsLastAndInnerExtension(string fileName, string extension, string inner)
    {
        Assert.Equal(extension, FileNames.Extension(fileName));
        Assert.Equal(inner, FileNames.InnerExtension(fileName));
    }

    [Theory]
    [InlineData("pdf", FileKind.Pdf, true)]
    [InlineData("pdf", FileKind.WindowsExecutable, false)]
    [InlineData("exe", FileKind.WindowsExecutable, true)]
    [InlineData("docx", FileKind.OfficeOpenXml, true)]
    [InlineData("jpg", FileKind.Zip, false)]
    [InlineData("txt", FileKind.Text, null)]
    [InlineData("rdp", FileKind.WindowsExecutable, false)]
    [InlineData("mht", FileKind.WindowsExecutable, false)]
    [InlineData("onepkg", FileKind.Cab, true)]
    [InlineData("pdf", FileKind.Cab, false)]
    public void Fits_ExtensionAndKind_TellsWhetherTheyAgree(string extension, FileKind kind, bool? expected)
    {
        Assert.Equal(expected, FileNames.Fits(extension, kind));
    }

    private static byte[] Content(string sample) => sample switch
    {
        "pe" => TestFiles.WindowsExecutable(),
        "pdf" => TestFiles.Pdf(),
        "zip" => TestFiles.Zip(("a.txt", TestFiles.PlainText())),
        "docx" => TestFiles.WordDocument(withMacros: false),
        "ole" => TestFiles.OleDocument("WordDocument"),
        "iso" => TestFiles.IsoImage(),
        "empty" => [],
        "text" => TestFiles.PlainText(),
        "html" => Encoding.ASCII.GetBytes("<!DOCTYPE html><html><body>Hi</body></html>"),
        "shebang" => Encoding.ASCII.GetBytes("#!/usr/bin/env python3\nprint('hi')\n"),
        "hta" => Encoding.ASCII.GetBytes("<html><head><HTA:APPLICATION id=\"x\"></head></html>"),
        "png" => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D],
        "elf" => [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0],
        "lnk" => [0x4C, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00, 0, 0, 0, 0],
        "email" => Encoding.ASCII.GetBytes("From: a@example.com\nSubject: hi\n\nbody\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(sample)),
    };
}
