namespace SentiMail.Tests.TestSupport;

/// <summary>A file to attach to a test message.</summary>
/// <param name="FileName">The declared file name (may hold any Unicode character).</param>
/// <param name="ContentType">The declared MIME type.</param>
/// <param name="Content">The file's bytes.</param>
internal sealed record TestAttachment(string FileName, string ContentType, byte[] Content);
