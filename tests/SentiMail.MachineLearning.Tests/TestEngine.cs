using Microsoft.Extensions.Options;
using SentiMail.Analyzers;
using SentiMail.Rules;

namespace SentiMail.MachineLearning.Tests;

/// <summary>Builds the engine the tests need: the built-in analyzers, then one more (the model or a probe).</summary>
internal static class TestEngine
{
    public static EmailAnalyzer RulesThen(IMessageAnalyzer last, SentiMailOptions? options = null)
    {
        options ??= new SentiMailOptions();
        return new EmailAnalyzer([.. BuiltInAnalyzers.Create(options), last], Options.Create(options), RuleSet.FromOptions(options));
    }
}
