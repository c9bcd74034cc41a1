using Microsoft.Extensions.Options;
using SentiMail.Analyzers;
using SentiMail.Parsing;
using SentiMail.Rules;
using SentiMail.Scoring;

namespace SentiMail.Tests;

/// <summary>Every options class: the defaults its XML docs promise, each invalid value, and the valid edges.</summary>
public class SentiMailOptionsTests
{
    private const long KiB = 1024;
    private const long MiB = 1024 * KiB;
    private const long GiB = 1024 * MiB;

    public static TheoryData<string, long> InvalidLimits => new()
    {
        { nameof(MessageLimits.MaxMessageBytes), KiB - 1 },
        { nameof(MessageLimits.MaxMessageBytes), GiB + 1 },
        { nameof(MessageLimits.MaxHeaderBytes), KiB - 1 },
        { nameof(MessageLimits.MaxHeaderBytes), (32 * MiB) + 1 },
        { nameof(MessageLimits.MaxMimeDepth), 0 },
        { nameof(MessageLimits.MaxMimeDepth), 257 },
        { nameof(MessageLimits.MaxParts), 0 },
        { nameof(MessageLimits.MaxParts), 100_001 },
        { nameof(MessageLimits.MaxArchiveEntries), 0 },
        { nameof(MessageLimits.MaxArchiveEntries), 1_000_001 },
        { nameof(MessageLimits.MaxArchiveDecompressedBytes), KiB - 1 },
        { nameof(MessageLimits.MaxArchiveDecompressedBytes), (4 * GiB) + 1 },
        { nameof(MessageLimits.MaxArchiveCompressionRatio), 1 },
        { nameof(MessageLimits.MaxArchiveCompressionRatio), 100_001 },
        { nameof(MessageLimits.MaxArchiveDepth), 0 },
        { nameof(MessageLimits.MaxArchiveDepth), 9 },
    };

    public static TheoryData<string, long> ValidLimitEdges => new()
    {
        { nameof(MessageLimits.MaxMessageBytes), GiB },
        { nameof(MessageLimits.MaxHeaderBytes), KiB },
        { nameof(MessageLimits.MaxHeaderBytes), 32 * MiB },
        { nameof(MessageLimits.MaxMimeDepth), 1 },
        { nameof(MessageLimits.MaxMimeDepth), 256 },
        { nameof(MessageLimits.MaxParts), 1 },
        { nameof(MessageLimits.MaxParts), 100_000 },
        { nameof(MessageLimits.MaxArchiveEntries), 1 },
        { nameof(MessageLimits.MaxArchiveEntries), 1_000_000 },
        { nameof(MessageLimits.MaxArchiveDecompressedBytes), KiB },
        { nameof(MessageLimits.MaxArchiveDecompressedBytes), 4 * GiB },
        { nameof(MessageLimits.MaxArchiveCompressionRatio), 2 },
        { nameof(MessageLimits.MaxArchiveCompressionRatio), 100_000 },
        { nameof(MessageLimits.MaxArchiveDepth), 1 },
        { nameof(MessageLimits.MaxArchiveDepth), 8 },
    };

    [Fact]
    public void Defaults_AreThoseDocumented()
    {
        var options = new SentiMailOptions();

        Assert.Equal(32 * MiB, options.Limits.MaxMessageBytes);
        Assert.Equal(MiB, options.Limits.MaxHeaderBytes);
        Assert.Equal(32, options.Limits.MaxMimeDepth);
        Assert.Equal(1000, options.Limits.MaxParts);
        Assert.Equal(1000, options.Limits.MaxArchiveEntries);
        Assert.Equal(64 * MiB, options.Limits.MaxArchiveDecompressedBytes);
        Assert.Equal(200, options.Limits.MaxArchiveCompressionRatio);
        Assert.Equal(2, options.Limits.MaxArchiveDepth);
        Assert.Equal(35, options.Scoring.SuspiciousThreshold);
        Assert.Equal(65, options.Scoring.MaliciousThreshold);
        Assert.Empty(options.Scoring.WeightOverrides);
        Assert.Empty(options.Scoring.DisabledSignals);
        Assert.Empty(options.TrustedNetworks);
        Assert.True(options.TrustPrivateNetworks);
        Assert.Equal(TimeSpan.FromSeconds(5), options.AnalyzerTimeout);
        Assert.Empty(options.AdditionalBrands);
        Assert.Empty(options.AdditionalLures);
        Assert.True(options.UseBuiltInRules);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [MemberData(nameof(InvalidLimits))]
    public void Validate_InvalidLimit_NamesTheProperty(string property, long value)
    {
        var options = new SentiMailOptions();
        SetLimit(options.Limits, property, value);

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith($"Limits.{property} must be", StringComparison.Ordinal) && e.EndsWith($"(was {value}).", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Contains(property, e, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ValidLimitEdges))]
    public void Validate_LimitAtEdge_IsAccepted(string property, long value)
    {
        var options = new SentiMailOptions();
        SetLimit(options.Limits, property, value);

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_SmallestMessageAndHeaderLimits_AreAccepted()
    {
        var options = new SentiMailOptions();
        options.Limits.MaxMessageBytes = KiB;
        options.Limits.MaxHeaderBytes = (int)KiB;

        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(0, 65, "Scoring.SuspiciousThreshold must be between 1 and 100")]
    [InlineData(101, 65, "Scoring.SuspiciousThreshold must be between 1 and 100")]
    [InlineData(35, 0, "Scoring.MaliciousThreshold must be between 1 and 100")]
    [InlineData(35, 101, "Scoring.MaliciousThreshold must be between 1 and 100")]
    [InlineData(65, 65, "Scoring.SuspiciousThreshold (65) must be below MaliciousThreshold (65)")]
    [InlineData(70, 60, "Scoring.SuspiciousThreshold (70) must be below MaliciousThreshold (60)")]
    public void Validate_InvalidThresholds_NamesTheProperty(int suspicious, int malicious, string expected)
    {
        var policy = new ScoringPolicy { SuspiciousThreshold = suspicious, MaliciousThreshold = malicious };

        Assert.Contains(policy.Validate(), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(99, 100)]
    [InlineData(1, 100)]
    public void Validate_ThresholdEdges_AreAccepted(int suspicious, int malicious)
    {
        Assert.Empty(new ScoringPolicy { SuspiciousThreshold = suspicious, MaliciousThreshold = malicious }.Validate());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(100.5)]
    [InlineData(-101.0)]
    public void Validate_InvalidWeightOverride_NamesTheSignal(double weight)
    {
        var policy = new ScoringPolicy();
        policy.WeightOverrides["link.shortener"] = weight;

        var error = Assert.Single(policy.Validate());

        Assert.StartsWith("Scoring.WeightOverrides['link.shortener'] must be between -100 and 100", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-100.0)]
    [InlineData(0.0)]
    [InlineData(100.0)]
    public void Validate_WeightOverrideEdges_AreAccepted(double weight)
    {
        var policy = new ScoringPolicy();
        policy.WeightOverrides["link.shortener"] = weight;

        Assert.Empty(policy.Validate());
    }

    [Theory]
    [InlineData(9)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(300_001)]
    public void Validate_InvalidAnalyzerTimeout_NamesTheProperty(int milliseconds)
    {
        var options = new SentiMailOptions { AnalyzerTimeout = TimeSpan.FromMilliseconds(milliseconds) };

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("AnalyzerTimeout must be between 10 ms and 5 minutes", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(300_000)]
    public void Validate_AnalyzerTimeoutEdges_AreAccepted(int milliseconds)
    {
        Assert.Empty(new SentiMailOptions { AnalyzerTimeout = TimeSpan.FromMilliseconds(milliseconds) }.Validate());
    }

    [Theory]
    [InlineData("not-a-network")]
    [InlineData("10.0.0.0/33")]
    [InlineData("300.1.1.1")]
    [InlineData("")]
    public void Validate_InvalidTrustedNetwork_NamesTheProperty(string network)
    {
        var options = new SentiMailOptions();
        options.TrustedNetworks.Add(network);

        var error = Assert.Single(options.Validate());

        Assert.StartsWith($"TrustedNetworks holds '{network}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("203.0.113.7")]
    [InlineData("2001:db8::/32")]
    [InlineData("::1")]
    public void Validate_TrustedNetwork_CidrOrAddressAccepted(string network)
    {
        var options = new SentiMailOptions();
        options.TrustedNetworks.Add(network);

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_InvalidBrandAndLure_AreListed()
    {
        var options = new SentiMailOptions();
        options.AdditionalBrands.Add(new BrandDefinition { Name = "Northwind", Keywords = [], Domains = ["northwind.com"] });
        options.AdditionalLures.Add(new LureDefinition { Phrase = "act now", Weight = 0 });

        var errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("Brand 'Northwind'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Lure 'act now'", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_SeveralInvalidValues_ThrowsOptionsValidationExceptionListingAll()
    {
        var options = new SentiMailOptions { AnalyzerTimeout = TimeSpan.Zero };
        options.Limits.MaxParts = 0;
        options.Scoring.SuspiciousThreshold = 0;
        options.TrustedNetworks.Add("nope");

        var ex = Assert.Throws<OptionsValidationException>(() => new EmailAnalyzer(BuiltInAnalyzers.Create(), Options.Create(options), RuleSet.BuiltIn));

        Assert.Equal(typeof(SentiMailOptions), ex.OptionsType);
        Assert.Equal(4, ex.Failures.Count());
        Assert.Contains("Limits.MaxParts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Scoring.SuspiciousThreshold", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AnalyzerTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TrustedNetworks", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateDefault_InvalidOptions_ThrowsOptionsValidationException()
    {
        Assert.Throws<OptionsValidationException>(() => EmailAnalyzer.CreateDefault(o => o.Limits.MaxMimeDepth = 0));
    }

    private static void SetLimit(MessageLimits limits, string property, long value)
    {
        switch (property)
        {
            case nameof(MessageLimits.MaxMessageBytes):
                limits.MaxHeaderBytes = (int)KiB;
                limits.MaxMessageBytes = value;
                break;
            case nameof(MessageLimits.MaxHeaderBytes):
                limits.MaxHeaderBytes = (int)value;
                break;
            case nameof(MessageLimits.MaxMimeDepth):
                limits.MaxMimeDepth = (int)value;
                break;
            case nameof(MessageLimits.MaxParts):
                limits.MaxParts = (int)value;
                break;
            case nameof(MessageLimits.MaxArchiveEntries):
                limits.MaxArchiveEntries = (int)value;
                break;
            case nameof(MessageLimits.MaxArchiveDecompressedBytes):
                limits.MaxArchiveDecompressedBytes = value;
                break;
            case nameof(MessageLimits.MaxArchiveCompressionRatio):
                limits.MaxArchiveCompressionRatio = (int)value;
                break;
            case nameof(MessageLimits.MaxArchiveDepth):
                limits.MaxArchiveDepth = (int)value;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(property), property, null);
        }
    }
}
