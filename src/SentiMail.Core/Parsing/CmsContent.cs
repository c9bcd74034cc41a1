using System.Formats.Asn1;
using System.IO.Compression;

namespace SentiMail.Parsing;

/// <summary>What a CMS (PKCS #7) blob of an S/MIME part holds, as far as can be read without a key.</summary>
internal enum CmsKind
{
    /// <summary>Signed data with the signed content inside (opaque signing): <see cref="CmsResult.Content"/> holds it.</summary>
    Signed,

    /// <summary>Compressed data (RFC 3274): <see cref="CmsResult.Content"/> holds the inflated content.</summary>
    Compressed,

    /// <summary>Enveloped (encrypted) data: unreadable without the recipient's key.</summary>
    Encrypted,

    /// <summary>Signed data without content (a detached signature or certificates only): nothing to read.</summary>
    NoContent,

    /// <summary>Not CMS, a content type this reader does not know, or malformed.</summary>
    Unreadable,

    /// <summary>The content would inflate past the budget.</summary>
    TooLarge,
}

/// <summary>The result of <see cref="CmsContent.Read"/>.</summary>
internal readonly record struct CmsResult(CmsKind Kind, byte[]? Content = null);

/// <summary>
/// Reads the content encapsulated in a CMS blob (RFC 5652) without verifying anything: S/MIME opaque signing
/// (<c>application/pkcs7-mime; smime-type=signed-data</c>) carries the whole signed MIME entity inside the signature,
/// where a client finds and shows it, valid signature or not. BER and DER are read (indefinite lengths, constructed
/// octet strings) by <see cref="AsnReader"/>, which checks every length against the data: hostile input ends as
/// <see cref="CmsKind.Unreadable"/>, and nothing read is larger than the blob, except inflated compressed data, which
/// stops at the budget given.
/// </summary>
internal static class CmsContent
{
    private const string SignedData = "1.2.840.113549.1.7.2";
    private const string EnvelopedData = "1.2.840.113549.1.7.3";
    private const string AuthEnvelopedData = "1.2.840.113549.1.9.16.1.23";
    private const string CompressedData = "1.2.840.113549.1.9.16.1.9";

    private static readonly Asn1Tag s_explicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>Reads a CMS blob.</summary>
    /// <param name="blob">The DER or BER bytes.</param>
    /// <param name="maxInflatedBytes">The most bytes compressed content may inflate to.</param>
    /// <returns>What it holds.</returns>
    public static CmsResult Read(ReadOnlyMemory<byte> blob, long maxInflatedBytes)
    {
        try
        {
            var reader = new AsnReader(blob, AsnEncodingRules.BER);
            var contentInfo = reader.ReadSequence();
            var type = contentInfo.ReadObjectIdentifier();
            switch (type)
            {
                case EnvelopedData or AuthEnvelopedData:
                    return new CmsResult(CmsKind.Encrypted);
                case SignedData:
                {
                    var signedData = contentInfo.ReadSequence(s_explicit0).ReadSequence();
                    signedData.ReadEncodedValue(); // version
                    signedData.ReadEncodedValue(); // digestAlgorithms
                    return TryReadEncapsulated(signedData.ReadSequence(), out var content) ? new CmsResult(CmsKind.Signed, content) : new CmsResult(CmsKind.NoContent);
                }

                case CompressedData:
                {
                    var compressedData = contentInfo.ReadSequence(s_explicit0).ReadSequence();
                    compressedData.ReadEncodedValue(); // version
                    compressedData.ReadEncodedValue(); // compressionAlgorithm: zlib is the only one defined
                    return TryReadEncapsulated(compressedData.ReadSequence(), out var compressed) ? Inflate(compressed, maxInflatedBytes) : new CmsResult(CmsKind.NoContent);
                }

                default:
                    return new CmsResult(CmsKind.Unreadable);
            }
        }
        catch (AsnContentException)
        {
            return new CmsResult(CmsKind.Unreadable);
        }
    }

    /// <summary>The content of an EncapsulatedContentInfo: <c>SEQUENCE { eContentType, [0] EXPLICIT OCTET STRING OPTIONAL }</c>.</summary>
    private static bool TryReadEncapsulated(AsnReader encapsulated, out byte[] content)
    {
        encapsulated.ReadObjectIdentifier();
        if (!encapsulated.HasData)
        {
            content = [];
            return false;
        }

        content = encapsulated.ReadSequence(s_explicit0).ReadOctetString();
        return true;
    }

    private static CmsResult Inflate(byte[] compressed, long maxInflatedBytes)
    {
        try
        {
            using var input = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxInflatedBytes)
                {
                    return new CmsResult(CmsKind.TooLarge);
                }

                output.Write(buffer, 0, read);
            }

            return new CmsResult(CmsKind.Compressed, output.ToArray());
        }
        catch (InvalidDataException)
        {
            return new CmsResult(CmsKind.Unreadable);
        }
    }
}
