namespace SentiMail.Kubernetes.WarmUp;

/// <summary>The tiny built-in message the warm-up analyses once: headers, an HTML body and a link, so that the parser,
/// the HTML tokenizer and every analyzer run at least once before the first real request.</summary>
internal static class WarmUpMessage
{
    private static readonly byte[] s_bytes =
        "From: SentiMail warm-up <warm-up@example.invalid>\r\nTo: probe@example.invalid\r\nSubject: warm-up\r\nDate: Mon, 01 Jan 2024 00:00:00 +0000\r\nMessage-ID: <warm-up@example.invalid>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Warm-up message of the SentiMail probes. <a href=\"https://example.invalid/\">example.invalid</a></p></body></html>\r\n"u8.ToArray();

    /// <summary>Gets the raw message.</summary>
    public static ReadOnlyMemory<byte> Bytes => s_bytes;
}
