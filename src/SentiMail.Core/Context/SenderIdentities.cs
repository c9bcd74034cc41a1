namespace SentiMail.Context;

/// <summary>The identities a message claims for its sender, with their domains lowercased.</summary>
public sealed class SenderIdentities
{
    /// <summary>The most <c>From</c> mailboxes and the most <c>Reply-To</c> addresses read; a message naming more is
    /// told by <see cref="FromCount"/> and <see cref="ReplyToCount"/>.</summary>
    public const int MaxAddresses = 100;

    /// <summary>Gets the first <c>From</c> address, or <see langword="null"/> when there is none.</summary>
    public string? FromAddress { get; init; }

    /// <summary>Gets the display name of the first <c>From</c> mailbox (decoded), or an empty string.</summary>
    public string FromDisplayName { get; init; } = string.Empty;

    /// <summary>Gets the domain of <see cref="FromAddress"/> in lowercase ASCII (IDN labels in punycode).</summary>
    public string? FromDomain { get; init; }

    /// <summary>Gets the number of mailboxes in <c>From</c>, every <c>From</c> header counted.</summary>
    public int FromCount { get; init; }

    /// <summary>Gets every <c>From</c> mailbox, of every <c>From</c> header in order (mail clients differ on which of
    /// several they show), up to <see cref="MaxAddresses"/>; the first is the one of <see cref="FromAddress"/>.</summary>
    public IReadOnlyList<SenderMailbox> FromMailboxes { get; init; } = [];

    /// <summary>Gets the <c>Sender</c> address, if any.</summary>
    public string? SenderAddress { get; init; }

    /// <summary>Gets the <c>Reply-To</c> addresses, of every <c>Reply-To</c> header, up to <see cref="MaxAddresses"/>.</summary>
    public IReadOnlyList<string> ReplyToAddresses { get; init; } = [];

    /// <summary>Gets the number of <c>Reply-To</c> addresses, including those past <see cref="MaxAddresses"/>.</summary>
    public int ReplyToCount { get; init; }

    /// <summary>Gets the envelope sender: the caller's <c>MAIL FROM</c>, else the <c>Return-Path</c> header.</summary>
    public string? ReturnPath { get; init; }

    /// <summary>Gets the domain of <see cref="ReturnPath"/>, lowercase ASCII.</summary>
    public string? ReturnPathDomain { get; init; }
}

/// <summary>One mailbox of a <c>From</c> header.</summary>
public sealed class SenderMailbox
{
    /// <summary>Gets the address.</summary>
    public required string Address { get; init; }

    /// <summary>Gets the decoded display name, trimmed, or an empty string.</summary>
    public string DisplayName { get; init; } = string.Empty;

    /// <summary>Gets the domain of <see cref="Address"/> in lowercase ASCII (IDN labels in punycode), or
    /// <see langword="null"/>.</summary>
    public string? Domain { get; init; }

    /// <summary>Gets where the mailbox was read, as evidence names it: <c>header:From</c> when the message has one
    /// <c>From</c> header, otherwise <c>header:From[i]</c> for the <c>i</c>-th of them, from 0.</summary>
    public string Location { get; init; } = "header:From";

    /// <summary>Returns the mailbox as a header shows it: <c>"name" &lt;address&gt;</c>, or the bare address.</summary>
    /// <returns>The mailbox.</returns>
    public override string ToString() => DisplayName.Length == 0 ? $"<{Address}>" : $"\"{DisplayName}\" <{Address}>";
}
