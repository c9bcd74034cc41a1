namespace SentiMail.MachineLearning.Quality;

/// <summary>The three parts of a corpus split made by <see cref="CorpusSplit.Make"/>.</summary>
/// <param name="Train">The training messages (60 % of each group).</param>
/// <param name="Validation">The validation messages (20 % of each group).</param>
/// <param name="Test">The held-out test messages (the rest).</param>
/// <param name="Duplicates">How many files were left out because the same bytes were listed already.</param>
public sealed record CorpusSplitParts(IReadOnlyList<SplitEntry> Train, IReadOnlyList<SplitEntry> Validation, IReadOnlyList<SplitEntry> Test, int Duplicates);
