using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SentiMail.Authentication.Spf;

/// <summary>What one check is about: the client address and the identities, fixed for the whole evaluation.</summary>
internal sealed class SpfCheckInputs
{
    public SpfCheckInputs(IPAddress address, string sender, string localPart, string senderDomain, string helo, string receivingDomain, long timestamp)
    {
        Address = address;
        IsIPv6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        Sender = sender;
        LocalPart = localPart;
        SenderDomain = senderDomain;
        Helo = helo;
        ReceivingDomain = receivingDomain;
        Timestamp = timestamp.ToString(CultureInfo.InvariantCulture);
        MacroAddress = SpfAddress.ToMacroForm(address);
        ReadableAddress = address.ToString();
    }

    /// <summary>Gets the client address (IPv4-mapped addresses already turned into IPv4).</summary>
    public IPAddress Address { get; }

    /// <summary>Gets a value indicating whether the client connected over IPv6 (and not from a mapped IPv4 address).</summary>
    public bool IsIPv6 { get; }

    /// <summary>Gets the sender, <c>postmaster@domain</c> when it had no local part (<c>%{s}</c>).</summary>
    public string Sender { get; }

    /// <summary>Gets the local part of the sender (<c>%{l}</c>).</summary>
    public string LocalPart { get; }

    /// <summary>Gets the domain of the sender (<c>%{o}</c>).</summary>
    public string SenderDomain { get; }

    /// <summary>Gets the HELO name, <c>unknown</c> when none was given (<c>%{h}</c>).</summary>
    public string Helo { get; }

    /// <summary>Gets the checking host's domain (<c>%{r}</c>).</summary>
    public string ReceivingDomain { get; }

    /// <summary>Gets the time of the check in seconds since the epoch (<c>%{t}</c>).</summary>
    public string Timestamp { get; }

    /// <summary>Gets the <c>%{i}</c> form of the address.</summary>
    public string MacroAddress { get; }

    /// <summary>Gets the <c>%{c}</c> form of the address.</summary>
    public string ReadableAddress { get; }
}
