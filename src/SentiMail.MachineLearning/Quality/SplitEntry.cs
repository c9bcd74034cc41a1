namespace SentiMail.MachineLearning.Quality;

/// <summary>One message of a corpus split list: <c>&lt;sha256&gt; &lt;group&gt;/&lt;file&gt;</c>.</summary>
/// <param name="Sha256">The SHA-256 of the message file, lowercase hex.</param>
/// <param name="Group">The corpus group, such as <c>easy-ham-1</c>.</param>
/// <param name="FileName">The file name within the group.</param>
public sealed record SplitEntry(string Sha256, string Group, string FileName)
{
    /// <summary>Gets the path relative to the corpus folder, <c>group/file</c>.</summary>
    public string RelativePath => Group + "/" + FileName;

    /// <summary>Gets whether the group holds spam (its name starts with <c>spam</c>).</summary>
    public bool IsSpam => Group.StartsWith("spam", StringComparison.Ordinal);

    /// <summary>Gets the kind of group: <c>spam</c>, <c>hard ham</c> or <c>easy ham</c>.</summary>
    public string Kind => CorpusSplit.KindOf(Group);
}
