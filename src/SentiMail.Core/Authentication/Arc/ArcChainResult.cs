namespace SentiMail.Authentication.Arc;

/// <summary>The outcome of validating a message's ARC chain.</summary>
/// <param name="Result">The chain validation result.</param>
/// <param name="Instances">The number of ARC sets found.</param>
/// <param name="Detail">A human sentence; for a failure, what failed.</param>
public sealed record ArcChainResult(ArcResult Result, int Instances, string Detail);
