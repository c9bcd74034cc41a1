namespace SentiMail.MachineLearning.Quality;

/// <summary>Another filter's verdict on one message, read from a peer results file.</summary>
/// <param name="Sha256">The SHA-256 of the message file, lowercase hex.</param>
/// <param name="Path">The message's path relative to the corpus folder.</param>
/// <param name="IsSpam">The peer's own spam verdict.</param>
/// <param name="Score">The peer's score, if it gave one.</param>
public sealed record PeerResult(string Sha256, string Path, bool IsSpam, double? Score);
