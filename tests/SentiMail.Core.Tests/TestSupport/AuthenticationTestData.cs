using System.Text;
using MimeKit;
using SentiMail.Dns;

namespace SentiMail.Tests.TestSupport;

/// <summary>Loads the third-party DKIM and ARC test data of <c>TestData/dkim/</c> and <c>TestData/arc/</c>.</summary>
internal static class AuthenticationTestData
{
    /// <summary>Gets the folder of the DKIM suites.</summary>
    public static string DkimSuites => Path.Combine(TestPaths.TestData, "dkim");

    /// <summary>Gets the folder of the ARC suites.</summary>
    public static string ArcSuites => Path.Combine(TestPaths.TestData, "arc");

    /// <summary>Returns the path of a file from its path relative to <see cref="DkimSuites"/>, with '/' separators.</summary>
    public static string DkimFile(string relativePath) => Path.Combine(DkimSuites, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Converts every bare LF to CRLF, leaving CRLF pairs as they are; every other byte is kept.</summary>
    public static byte[] ToCrlf(ReadOnlySpan<byte> bytes)
    {
        var output = new List<byte>(bytes.Length + (bytes.Length / 16));
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' && (i == 0 || bytes[i - 1] != (byte)'\r'))
            {
                output.Add((byte)'\r');
            }

            output.Add(bytes[i]);
        }

        return [.. output];
    }

    /// <summary>Parses a message from its exact bytes.</summary>
    public static MimeMessage Parse(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return MimeMessage.Load(stream);
    }

    /// <summary>Reads a file of <c>name value</c> lines (one TXT record a line) into a resolver; blank lines are skipped.</summary>
    public static InMemoryDnsResolver ReadDnsLines(IEnumerable<string> lines, InMemoryDnsResolver? resolver = null)
    {
        resolver ??= new InMemoryDnsResolver();
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            resolver.AddTxt(line[..space], line[(space + 1)..]);
        }

        return resolver;
    }

    /// <summary>Reads a stalwart mail-auth vector: <c>name value</c> DNS lines, one blank line, then the message with LF
    /// endings, which is converted to CRLF as upstream does.</summary>
    public static (InMemoryDnsResolver Resolver, byte[] Message) ReadStalwart(string relativePath)
    {
        var bytes = File.ReadAllBytes(DkimFile(relativePath));
        var separator = bytes.AsSpan().IndexOf("\n\n"u8);
        if (separator < 0)
        {
            throw new InvalidDataException($"{relativePath} has no blank line after its DNS records.");
        }

        var dns = Encoding.ASCII.GetString(bytes, 0, separator).Split('\n');
        return (ReadDnsLines(dns), ToCrlf(bytes.AsSpan(separator + 2)));
    }

    /// <summary>Reads a MimeKit suite message (kept byte for byte, as MimeKit's own tests load it) and the suite's
    /// <c>dns.txt</c> keys.</summary>
    public static (InMemoryDnsResolver Resolver, byte[] Message) ReadMimeKit(string fileName)
    {
        var resolver = ReadDnsLines(File.ReadAllLines(DkimFile("dkim-mimekit/dns.txt")));
        return (resolver, File.ReadAllBytes(DkimFile("dkim-mimekit/" + fileName)));
    }

    /// <summary>Reads a DKIM suite file: a stalwart vector (<c>dkim-arc-stalwart/...</c>) or a MimeKit message.</summary>
    public static (InMemoryDnsResolver Resolver, byte[] Message) ReadDkimSuiteFile(string relativePath) =>
        relativePath.StartsWith("dkim-mimekit/", StringComparison.Ordinal)
            ? ReadMimeKit(relativePath["dkim-mimekit/".Length..])
            : ReadStalwart(relativePath);
}
