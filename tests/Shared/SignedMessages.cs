using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace SentiMail.Testing;

/// <summary>Builds DKIM-signed messages with a key generated for the test, and the TXT record that publishes it.</summary>
internal sealed class SignedMessages
{
    private readonly AsymmetricCipherKeyPair _keys;

    public SignedMessages(string domain, string selector, int bits = 2048)
    {
        Domain = domain;
        Selector = selector;
        var generator = new RsaKeyPairGenerator();
        generator.Init(new KeyGenerationParameters(new SecureRandom(), bits));
        _keys = generator.GenerateKeyPair();
    }

    public string Domain { get; }

    public string Selector { get; }

    /// <summary>Gets the name of the key's TXT record.</summary>
    public string KeyName => $"{Selector}._domainkey.{Domain}";

    /// <summary>Gets the key's TXT record.</summary>
    public string KeyRecord => "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(_keys.Public).GetDerEncoded());

    /// <summary>Builds and signs a plain-text message from <c>from</c> (one mailbox or a list) and returns its bytes (CRLF).</summary>
    public byte[] Sign(string from, string subject, string body)
    {
        var message = new MimeMessage();
        message.From.AddRange(InternetAddressList.Parse(from));
        message.To.Add(MailboxAddress.Parse("customer@example.org"));
        message.Subject = subject;
        message.Date = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);
        message.MessageId = $"{Guid.NewGuid():N}@{Domain}";
        message.Body = new TextPart("plain") { Text = body };
        var signer = new DkimSigner(_keys.Private, Domain, Selector)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
        message.Prepare(EncodingConstraint.SevenBit);
        signer.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
        return ToBytes(message);
    }

    /// <summary>Serialises a message with CRLF line endings, as it travels over SMTP.</summary>
    public static byte[] ToBytes(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var stream = new MemoryStream();
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(options, stream);
        return stream.ToArray();
    }

    /// <summary>Replaces the first occurrence of a text in a message's bytes (to tamper with it after signing).</summary>
    public static byte[] Tamper(byte[] message, string find, string replace)
    {
        var text = System.Text.Encoding.Latin1.GetString(message);
        var index = text.IndexOf(find, StringComparison.Ordinal);
        if (index < 0)
        {
            throw new InvalidOperationException($"'{find}' is not in the message.");
        }

        return System.Text.Encoding.Latin1.GetBytes(text[..index] + replace + text[(index + find.Length)..]);
    }
}
