namespace SentiMail.Authentication.Spf;

/// <summary>The identity an SPF check was made for (RFC 7208 §2.3 and §2.4).</summary>
public enum SpfIdentity
{
    /// <summary>The <c>MAIL FROM</c> identity: the reverse-path, or <c>postmaster@</c> the HELO name when the reverse-path is
    /// null (§2.4).</summary>
    MailFrom,

    /// <summary>The <c>HELO</c>/<c>EHLO</c> identity, checked as <c>postmaster@</c> the HELO name (§2.3).</summary>
    Helo,
}
