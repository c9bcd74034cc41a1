namespace SentiMail.Signals;

/// <summary>A fact an analyzer found about a message, with the points it adds to the score and the evidence behind it.</summary>
/// <param name="Id">The stable id, such as <c>link.ip-literal</c>.</param>
/// <param name="Category">The category.</param>
/// <param name="Weight">The points this signal adds to the score (negative values lower it).</param>
/// <param name="Description">One human sentence about this message.</param>
/// <param name="Evidence">What was seen and where.</param>
public sealed record Signal(
    string Id,
    SignalCategory Category,
    double Weight,
    string Description,
    IReadOnlyList<SignalEvidence> Evidence);
