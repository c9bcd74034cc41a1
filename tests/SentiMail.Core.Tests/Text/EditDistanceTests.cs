using SentiMail.Text;

namespace SentiMail.Tests.Text;

public class EditDistanceTests
{
    [Theory]
    [InlineData("paypal", "paypal", 2, 0)]
    [InlineData("paypal", "paypla", 2, 1)]
    [InlineData("paypal", "pyapal", 2, 1)]
    [InlineData("paypal", "paypall", 2, 1)]
    [InlineData("paypal", "paypa", 2, 1)]
    [InlineData("paypal", "paypol", 2, 1)]
    [InlineData("kitten", "sitting", 5, 3)]
    [InlineData("", "abc", 5, 3)]
    [InlineData("ca", "abc", 5, 3)]
    public void Compute_WithinBound_ReturnsDistanceEitherWay(string first, string second, int max, int expected)
    {
        Assert.Equal(expected, EditDistance.Compute(first, second, max));
        Assert.Equal(expected, EditDistance.Compute(second, first, max));
    }

    [Theory]
    [InlineData("abcdef", "uvwxyz", 2)]
    [InlineData("paypal", "microsoft", 1)]
    [InlineData("a", "abcdef", 3)]
    public void Compute_OverBound_ReturnsMaxPlusOne(string a, string b, int max)
    {
        Assert.Equal(max + 1, EditDistance.Compute(a, b, max));
    }

    [Fact]
    public void Compute_LongStrings_OnlyEqualityCounts()
    {
        var a = new string('a', 100);

        Assert.Equal(0, EditDistance.Compute(a, a, 3));
        Assert.Equal(4, EditDistance.Compute(a, a[..99] + "b", 3));
    }
}
