using System.Net;

namespace SentiMail.Context;

/// <summary>What the receiving mail server knows about a message better than its headers: the connecting client,
/// the SMTP <c>MAIL FROM</c> and <c>HELO</c>. Every value is optional; what is missing is read from the message.</summary>
public sealed record MessageEnvelope
{
    /// <summary>Gets the IP address of the SMTP client that delivered the message.</summary>
    public IPAddress? ClientIp { get; init; }

    /// <summary>Gets the SMTP <c>MAIL FROM</c> address (the envelope sender).</summary>
    public string? MailFrom { get; init; }

    /// <summary>Gets the name the SMTP client gave in <c>HELO</c>/<c>EHLO</c>.</summary>
    public string? Helo { get; init; }
}
