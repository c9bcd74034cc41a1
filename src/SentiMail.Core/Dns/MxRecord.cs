namespace SentiMail.Dns;

/// <summary>An MX record.</summary>
/// <param name="Preference">The preference (lower first).</param>
/// <param name="Exchange">The mail exchanger's host name, without the trailing dot.</param>
public sealed record MxRecord(int Preference, string Exchange);
