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
