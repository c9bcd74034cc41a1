using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentiMail.Analyzers;
using SentiMail.Context;
using SentiMail.Parsing;
using SentiMail.Rules;

namespace SentiMail.Tests.TestSupport;

/// <summary>Engines and contexts for tests, on a fixed clock.</summary>
internal static class TestEngines
{
    /// <summary>The fixed "now" of test engines: a few hours after the standard test message was received.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Creates an engine with the built-in analyzers and rules, on a <see cref="FakeTimeProvider"/> set to <see cref="Now"/>.</summary>
    public static EmailAnalyzer Create(Action<SentiMailOptions>? configure = null)
    {
        var options = new SentiMailOptions();
        configure?.Invoke(options);
        return new EmailAnalyzer(BuiltInAnalyzers.Create(options), Options.Create(options), RuleSet.BuiltIn, new FakeTimeProvider(Now));
    }

    /// <summary>Creates an engine that runs only the given analyzers.</summary>
    public static EmailAnalyzer Create(IEnumerable<IMessageAnalyzer> analyzers, Action<SentiMailOptions>? configure = null)
    {
        var options = new SentiMailOptions();
        configure?.Invoke(options);
        return new EmailAnalyzer(analyzers, Options.Create(options), RuleSet.BuiltIn, new FakeTimeProvider(Now));
    }

    /// <summary>Parses a message and derives its analysis context, as the engine does before running analyzers.</summary>
    public static AnalysisContext Context(byte[] raw, Action<SentiMailOptions>? configure = null, MessageEnvelope? envelope = null)
    {
        var options = new SentiMailOptions();
        configure?.Invoke(options);
        var parsed = new MessageParser(options.Limits).Parse(raw, raw.Length, CancellationToken.None);
        return new AnalysisContextBuilder(options, RuleSet.BuiltIn).Build(parsed, envelope, Now, CancellationToken.None);
    }
}
