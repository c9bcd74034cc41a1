using SentiMail.Authentication.Spf;

namespace SentiMail.Tests.Authentication.Spf;

public class SpfOptionsTests
{
    [Fact]
    public void Ctor_Defaults_AreThoseOfRfc7208()
    {
        var options = new SpfOptions();

        Assert.Equal(10, options.MaxDnsLookups);
        Assert.Equal(2, options.MaxVoidLookups);
        Assert.Equal(10, options.MaxMxAddresses);
        Assert.Equal(10, options.MaxPtrNames);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Null(options.ReceivingDomain);
        Assert.False(options.CheckHelo);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(nameof(SpfOptions.MaxDnsLookups), 0)]
    [InlineData(nameof(SpfOptions.MaxDnsLookups), 101)]
    [InlineData(nameof(SpfOptions.MaxVoidLookups), -1)]
    [InlineData(nameof(SpfOptions.MaxVoidLookups), 101)]
    [InlineData(nameof(SpfOptions.MaxMxAddresses), 0)]
    [InlineData(nameof(SpfOptions.MaxMxAddresses), 101)]
    [InlineData(nameof(SpfOptions.MaxPtrNames), 0)]
    [InlineData(nameof(SpfOptions.MaxPtrNames), 101)]
    public void Validate_OutOfRange_NamesTheOption(string name, int value)
    {
        var options = new SpfOptions();
        typeof(SpfOptions).GetProperty(name)!.SetValue(options, value);

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("Spf." + name, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(SpfOptions.MaxDnsLookups), 1)]
    [InlineData(nameof(SpfOptions.MaxDnsLookups), 100)]
    [InlineData(nameof(SpfOptions.MaxVoidLookups), 0)]
    [InlineData(nameof(SpfOptions.MaxVoidLookups), 100)]
    [InlineData(nameof(SpfOptions.MaxMxAddresses), 1)]
    [InlineData(nameof(SpfOptions.MaxPtrNames), 100)]
    public void Validate_Edge_IsValid(string name, int value)
    {
        var options = new SpfOptions();
        typeof(SpfOptions).GetProperty(name)!.SetValue(options, value);

        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(9)]
    [InlineData(300_001)]
    public void Validate_TimeoutOutOfRange_IsReported(int milliseconds)
    {
        var options = new SpfOptions { Timeout = TimeSpan.FromMilliseconds(milliseconds) };

        Assert.StartsWith("Spf.Timeout", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("mx example.com")]
    [InlineData("r\u00e9ceiver.example")]
    public void Validate_BadReceivingDomain_IsReported(string receiver)
    {
        var options = new SpfOptions { ReceivingDomain = receiver };

        Assert.StartsWith("Spf.ReceivingDomain", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ListsThemAll()
    {
        var options = new SpfOptions { MaxDnsLookups = 0, MaxVoidLookups = -1, Timeout = TimeSpan.Zero };

        Assert.Equal(3, options.Validate().Count);
    }
}
