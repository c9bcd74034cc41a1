namespace SentiMail.MachineLearning.Quality;

/// <summary>Another filter's verdict on one message, read from a peer results file.</summary>
/// <param name="Sha256">The SHA-256 of the message file, lowercase hex.</param>
/// <param name="Path">The message's path relative to the corpus folder.</param>
/// <param name="IsSpam">The peer's own spam verdict; <see langword="false"/> when the peer failed on the message
/// (<paramref name="Error"/> is then set): mail a filter fails on is delivered as it came.</param>
/// <param name="Score">The peer's score, if it gave one.</param>
/// <param name="Error">Why the peer gave no verdict on the message, or <see langword="null"/> when it gave one.</param>
public sealed record PeerResult(string Sha256, string Path, bool IsSpam, double? Score, string? Error = null);
