namespace SentiMail.Rules;

/// <summary>Opens the rule files embedded in this assembly.</summary>
internal static class EmbeddedRules
{
    public static Stream Open(string fileName) =>
        typeof(EmbeddedRules).Assembly.GetManifestResourceStream("SentiMail.Rules." + fileName)
        ?? throw new InvalidOperationException($"The embedded rule file '{fileName}' is missing from {typeof(EmbeddedRules).Assembly.GetName().Name}.");
}
