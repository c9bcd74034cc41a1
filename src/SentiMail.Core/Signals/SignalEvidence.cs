namespace SentiMail.Signals;

/// <summary>One piece of evidence behind a signal: what was seen, and where.</summary>
/// <param name="Location">Where it was seen, such as <c>header:From</c>, <c>body:html</c> or <c>attachment:invoice.zip</c>.</param>
/// <param name="Value">What was seen. Text taken from the message is shortened and its control characters escaped.</param>
public sealed record SignalEvidence(string Location, string Value);
