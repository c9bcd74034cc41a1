using System.Net;
using SentiMail.Context;

namespace SentiMail.Tests.Context;

public class IpClassifierTests
{
    [Theory]
    [InlineData("127.0.0.1", true, false, false)]
    [InlineData("127.8.9.10", true, false, false)]
    [InlineData("::1", true, false, false)]
    [InlineData("10.0.0.1", false, true, false)]
    [InlineData("172.16.5.4", false, true, false)]
    [InlineData("172.32.0.1", false, false, false)]
    [InlineData("192.168.1.1", false, true, false)]
    [InlineData("100.64.0.1", false, true, false)]
    [InlineData("169.254.1.1", false, true, false)]
    [InlineData("fd00::1", false, true, false)]
    [InlineData("fe80::1", false, true, false)]
    [InlineData("::ffff:10.0.0.1", false, true, false)]
    [InlineData("192.0.2.1", false, false, true)]
    [InlineData("198.51.100.1", false, false, true)]
    [InlineData("203.0.113.1", false, false, true)]
    [InlineData("224.0.0.251", false, false, true)]
    [InlineData("255.255.255.255", false, false, true)]
    [InlineData("0.1.2.3", false, false, true)]
    [InlineData("2001:db8::1", false, false, true)]
    [InlineData("ff02::1", false, false, true)]
    [InlineData("185.12.34.56", false, false, false)]
    [InlineData("2a00:1450:4864::1", false, false, false)]
    public void Classify_Address_IsLoopbackPrivateOrReserved(string address, bool loopback, bool isPrivate, bool reserved)
    {
        var ip = IPAddress.Parse(address);

        Assert.Equal(loopback, IpClassifier.IsLoopback(ip));
        Assert.Equal(isPrivate, IpClassifier.IsPrivate(ip));
        Assert.Equal(reserved, IpClassifier.IsReserved(ip));
    }

    [Fact]
    public void Classify_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => IpClassifier.IsLoopback(null!));
        Assert.Throws<ArgumentNullException>(() => IpClassifier.IsPrivate(null!));
        Assert.Throws<ArgumentNullException>(() => IpClassifier.IsReserved(null!));
    }
}
