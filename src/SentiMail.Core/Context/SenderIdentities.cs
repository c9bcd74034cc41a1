namespace SentiMail.Context;

/// <summary>The identities a message claims for its sender, with their domains lowercased.</summary>
public sealed class SenderIdentities
{
    /// <summary>Gets the first <c>From</c> address, or <see langword="null"/> when there is none.</summary>
    public string? FromAddress { get; init; }

    /// <summary>Gets the display name of the first <c>From</c> mailbox (decoded), or an empty string.</summary>
    public string FromDisplayName { get; init; } = string.Empty;

    /// <summary>Gets the domain of <see cref="FromAddress"/> in lowercase ASCII (IDN labels in punycode).</summary>
    public string? FromDomain { get; init; }

    /// <summary>Gets the number of mailboxes in <c>From</c>.</summary>
    public int FromCount { get; init; }

    /// <summary>Gets the <c>Sender</c> address, if any.</summary>
    public string? SenderAddress { get; init; }

    /// <summary>Gets the <c>Reply-To</c> addresses.</summary>
    public IReadOnlyList<string> ReplyToAddresses { get; init; } = [];

    /// <summary>Gets the envelope sender: the caller's <c>MAIL FROM</c>, else the <c>Return-Path</c> header.</summary>
    public string? ReturnPath { get; init; }

    /// <summary>Gets the domain of <see cref="ReturnPath"/>, lowercase ASCII.</summary>
    public string? ReturnPathDomain { get; init; }
}
