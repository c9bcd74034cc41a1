using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using SentiMail.Dns;

namespace SentiMail.Tests.TestSupport;

/// <summary>RSA keys made by the tests (never stored), and messages signed with them by MimeKit's <see cref="DkimSigner"/>.</summary>
internal static class DkimTestKeys
{
    public const string Domain = "signer.example";
    public const string Selector = "s2048";

    private static readonly Lazy<AsymmetricCipherKeyPair> s_rsa2048 = new(() => Generate(2048));
    private static readonly Lazy<AsymmetricCipherKeyPair> s_rsa2048Other = new(() => Generate(2048));
    private static readonly Lazy<AsymmetricCipherKeyPair> s_rsa512 = new(() => Generate(512));

    /// <summary>Gets a 2,048-bit RSA key pair, made once per test run.</summary>
    public static AsymmetricCipherKeyPair Rsa2048 => s_rsa2048.Value;

    /// <summary>Gets another 2,048-bit RSA key pair, for a key that does not match the signature.</summary>
    public static AsymmetricCipherKeyPair Rsa2048Other => s_rsa2048Other.Value;

    /// <summary>Gets a 512-bit RSA key pair (too short for DKIM, RFC 8301), made once per test run.</summary>
    public static AsymmetricCipherKeyPair Rsa512 => s_rsa512.Value;

    /// <summary>Returns the DKIM key record of a public key: <c>v=DKIM1; k=rsa; p=</c> and the base64 SubjectPublicKeyInfo.</summary>
    public static string KeyRecord(AsymmetricCipherKeyPair pair) =>
        "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetEncoded());

    /// <summary>Returns a resolver publishing the key record of <paramref name="pair"/> at <c>selector._domainkey.domain</c>.</summary>
    public static InMemoryDnsResolver Publish(AsymmetricCipherKeyPair pair, string selector = Selector, string domain = Domain) =>
        new InMemoryDnsResolver().AddTxt($"{selector}._domainkey.{domain}", KeyRecord(pair));

    /// <summary>Creates a plain-text message from the signing domain.</summary>
    public static MimeMessage NewMessage()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Billing", "billing@" + Domain));
        message.To.Add(new MailboxAddress("Customer", "customer@receiver.example"));
        message.Subject = "Your invoice";
        message.Date = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
        message.MessageId = "invoice-42@" + Domain;
        message.Body = new TextPart("plain") { Text = "Hello,\n\nYour invoice  of  March is attached.\n\nRegards\n" };
        return message;
    }

    /// <summary>Creates a signer for <paramref name="pair"/>.</summary>
    public static DkimSigner Signer(
        AsymmetricCipherKeyPair pair,
        DkimCanonicalizationAlgorithm canonicalization = DkimCanonicalizationAlgorithm.Relaxed,
        DkimSignatureAlgorithm algorithm = DkimSignatureAlgorithm.RsaSha256,
        string selector = Selector) =>
        new(pair.Private, Domain, selector, algorithm)
        {
            HeaderCanonicalizationAlgorithm = canonicalization,
            BodyCanonicalizationAlgorithm = canonicalization,
        };

    /// <summary>The headers signed by the tests.</summary>
    public static IList<HeaderId> SignedHeaders => [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId];

    /// <summary>Signs a new message and returns it as sent: bytes with CRLF line endings.</summary>
    public static byte[] SignedBytes(DkimSigner signer, int signatures = 1)
    {
        using var message = NewMessage();
        for (var i = 0; i < signatures; i++)
        {
            signer.Sign(message, SignedHeaders);
        }

        return ToBytes(message);
    }

    /// <summary>Serialises a message with CRLF line endings, as it travels over SMTP.</summary>
    public static byte[] ToBytes(MimeMessage message) => SentiMail.Testing.SignedMessages.ToBytes(message);

    /// <summary>Replaces an ASCII text once in the message bytes; the text must be there.</summary>
    public static byte[] Replace(byte[] bytes, string oldText, string newText) => SentiMail.Testing.SignedMessages.Tamper(bytes, oldText, newText);

    private static AsymmetricCipherKeyPair Generate(int bits)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new KeyGenerationParameters(new SecureRandom(), bits));
        return generator.GenerateKeyPair();
    }
}
