namespace SentiMail.Authentication.Dkim;

/// <summary>The outcome of one DKIM-Signature header.</summary>
public sealed record DkimSignatureResult
{
    /// <summary>Gets the result.</summary>
    public DkimResult Result { get; init; }

    /// <summary>Gets why the signature did not pass (<see cref="DkimFailureReason.None"/> when it did).</summary>
    public DkimFailureReason Reason { get; init; }

    /// <summary>Gets the signing domain (<c>d=</c>), lowercase, or an empty string when missing.</summary>
    public string Domain { get; init; } = string.Empty;

    /// <summary>Gets the selector (<c>s=</c>).</summary>
    public string Selector { get; init; } = string.Empty;

    /// <summary>Gets the algorithm (<c>a=</c>).</summary>
    public string Algorithm { get; init; } = string.Empty;

    /// <summary>Gets the key size in bits, when the key was fetched.</summary>
    public int? KeyBits { get; init; }

    /// <summary>Gets a human sentence about the outcome.</summary>
    public string Detail { get; init; } = string.Empty;
}
