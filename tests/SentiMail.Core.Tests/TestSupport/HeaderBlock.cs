namespace SentiMail.Tests.TestSupport;

/// <summary>An ordered, editable list of top-level header fields for a test message.</summary>
internal sealed class HeaderBlock
{
    /// <summary>The time stamp of the standard <c>Received</c> header: when "our" server got the message.</summary>
    public const string ReceivedDate = "Mon, 02 Nov 2026 09:14:05 +0000";

    /// <summary>The standard sender's domain.</summary>
    public const string SenderDomain = "harbourline-design.com";

    private readonly List<KeyValuePair<string, string>> _fields = [];

    /// <summary>Returns the header block of an ordinary, harmless message between two colleagues.</summary>
    public static HeaderBlock Standard() => new HeaderBlock()
        .Add("Received", $"from mail.{SenderDomain} (mail.{SenderDomain} [185.12.34.56]) by mx.example.org (Postfix) with ESMTPS id 4R2xTq; {ReceivedDate}")
        .Add("From", $"Alice Martin <alice@{SenderDomain}>")
        .Add("To", "Bob Stone <bob@example.org>")
        .Add("Subject", "Notes from Monday's meeting")
        .Add("Date", "Mon, 02 Nov 2026 09:14:00 +0000")
        .Add("Message-ID", $"<20261102091400.4711@{SenderDomain}>");

    /// <summary>Appends a field.</summary>
    public HeaderBlock Add(string name, string value)
    {
        _fields.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    /// <summary>Appends every field of another block.</summary>
    public HeaderBlock AddAll(HeaderBlock other)
    {
        _fields.AddRange(other._fields);
        return this;
    }

    /// <summary>Replaces the first field with this name (keeping its position), or appends it.</summary>
    public HeaderBlock Set(string name, string value)
    {
        var index = _fields.FindIndex(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            return Add(name, value);
        }

        _fields[index] = new KeyValuePair<string, string>(name, value);
        return this;
    }

    /// <summary>Removes every field with this name.</summary>
    public HeaderBlock Remove(string name)
    {
        _fields.RemoveAll(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase));
        return this;
    }

    /// <summary>Returns the fields as CRLF-terminated lines.</summary>
    public override string ToString() => string.Concat(_fields.Select(f => $"{f.Key}: {f.Value}\r\n"));
}
