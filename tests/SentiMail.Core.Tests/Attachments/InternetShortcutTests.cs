using System.Text;
using SentiMail.Attachments;

namespace SentiMail.Tests.Attachments;

public class InternetShortcutTests
{
    [Theory]
    [InlineData("[InternetShortcut]\r\nURL=https://www.example.org/page\r\n", "https://www.example.org/page")]
    [InlineData("[InternetShortcut]\nURL=http://www.example.org/\nIconFile=C:\\Windows\\System32\\url.dll\nIconIndex=0\n", "http://www.example.org/")]
    [InlineData("[DEFAULT]\r\nBASEURL=http://www.example.org/a\r\n[InternetShortcut]\r\n  url = http://www.example.org/a  \r\n", "http://www.example.org/a")]
    public void WebAddress_ShortcutToAWebPage_ReturnsTheAddress(string text, string expected) =>
        Assert.Equal(expected, InternetShortcut.WebAddress(Encoding.UTF8.GetBytes(text)));

    [Theory]
    [InlineData("[InternetShortcut]\r\nURL=file:///C:/Windows/System32/calc.exe\r\n")]
    [InlineData("[InternetShortcut]\r\nURL=file://203.0.113.7/share/a.zip/a.vbs\r\n")]
    [InlineData("[InternetShortcut]\r\nURL=\\\\203.0.113.7\\share\\a.exe\r\n")]
    [InlineData("[InternetShortcut]\r\nURL=search-ms:query=a&crumb=location:\\\\203.0.113.7@80\\share\r\n")]
    [InlineData("[InternetShortcut]\r\nURL=javascript:alert(1)\r\n")]
    [InlineData("[InternetShortcut]\r\nURL=https://www.example.org/\r\nIconFile=\\\\203.0.113.7\\icons\\a.ico\r\n")]
    [InlineData("[InternetShortcut]\r\nURL=https://www.example.org/\r\nIconFile=file://203.0.113.7/icons/a.ico\r\n")]
    [InlineData("[InternetShortcut]\r\nURL=https://www.example.org/\r\nWorkingDirectory=\\\\203.0.113.7\\share\r\n")]
    [InlineData("[InternetShortcut]\r\nURL=https://www.example.org/\r\nURL=file:///C:/a.exe\r\n")]
    [InlineData("[InternetShortcut]\r\nIconFile=C:\\Windows\\System32\\url.dll\r\n")]
    [InlineData("")]
    public void WebAddress_AnythingButAPlainWebShortcut_ReturnsNull(string text) =>
        Assert.Null(InternetShortcut.WebAddress(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void WebAddress_BinaryContent_ReturnsNull()
    {
        // A .lnk or program named .url: NUL bytes are never in a genuine shortcut.
        var bytes = Encoding.UTF8.GetBytes("[InternetShortcut]\r\nURL=https://www.example.org/\r\n").Concat(new byte[] { 0, 0x4D, 0x5A }).ToArray();

        Assert.Null(InternetShortcut.WebAddress(bytes));
    }

    [Fact]
    public void WebAddress_Oversized_ReturnsNullWithoutReadingIt()
    {
        var padding = new string(';', InternetShortcut.MaxReadBytes);
        var bytes = Encoding.UTF8.GetBytes("[InternetShortcut]\r\nURL=https://www.example.org/\r\n" + padding);

        Assert.Null(InternetShortcut.WebAddress(bytes));
    }
}
