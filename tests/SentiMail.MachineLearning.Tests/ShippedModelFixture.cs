using Microsoft.Extensions.DependencyInjection;
using SentiMail.MachineLearning.Model;

namespace SentiMail.MachineLearning.Tests;

/// <summary>The embedded model and two engines (rules only, rules + model), created once for the test class.</summary>
public sealed class ShippedModelFixture : IDisposable
{
    private readonly ServiceProvider _services;

    public ShippedModelFixture()
    {
        _services = new ServiceCollection().AddSentiMail().AddMachineLearning().Services.BuildServiceProvider();
        WithModel = _services.GetRequiredService<IEmailAnalyzer>();
        Model = _services.GetRequiredService<SpamModel>();
        RulesOnly = EmailAnalyzer.CreateDefault();
    }

    public IEmailAnalyzer WithModel { get; }

    public IEmailAnalyzer RulesOnly { get; }

    public SpamModel Model { get; }

    public void Dispose() => _services.Dispose();
}
