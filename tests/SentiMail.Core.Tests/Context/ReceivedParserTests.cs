using System.Net;
using SentiMail.Context;

namespace SentiMail.Tests.Context;

public class ReceivedParserTests
{
    private const string Date = "Mon, 02 Nov 2026 09:14:05 +0100";

    [Fact]
    public void Parse_Postfix_ReadsHostsIpAndDate()
    {
        var hop = ReceivedParser.Parse(0, $"from mail.example.com (mail.example.com [185.12.34.56])\r\n\tby mx.example.org (Postfix) with ESMTPS id 4R2xTq\r\n\tfor <bob@example.org>; {Date}");

        Assert.Equal("mail.example.com", hop.FromHost);
        Assert.Equal("mail.example.com", hop.FromReverseName);
        Assert.Equal(IPAddress.Parse("185.12.34.56"), hop.FromIp);
        Assert.Equal("mx.example.org", hop.ByHost);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 14, 5, TimeSpan.FromHours(1)), hop.Date);
        Assert.DoesNotContain('\n', hop.Raw);
    }

    [Fact]
    public void Parse_Exim_ReadsIpBeforeHelo()
    {
        var hop = ReceivedParser.Parse(1, $"from host.example.net ([1.2.3.4] helo=x) by mx.example.org with esmtpsa (Exim 4.96) id 1abcde-000123-AB; {Date}");

        Assert.Equal(1, hop.Index);
        Assert.Equal("host.example.net", hop.FromHost);
        Assert.Equal(IPAddress.Parse("1.2.3.4"), hop.FromIp);
        Assert.Null(hop.FromReverseName);
        Assert.Equal("mx.example.org", hop.ByHost);
    }

    [Fact]
    public void Parse_Qmail_ReadsIpInParentheses()
    {
        var hop = ReceivedParser.Parse(0, $"from unknown (HELO mail.example.com) (1.2.3.4) by mx.example.org with SMTP; {Date}");

        Assert.Equal("unknown", hop.FromHost);
        Assert.Equal(IPAddress.Parse("1.2.3.4"), hop.FromIp);
        Assert.Equal("mx.example.org", hop.ByHost);
    }

    [Fact]
    public void Parse_IPv6Literal_ReadsAddress()
    {
        var hop = ReceivedParser.Parse(0, $"from mail.example.com (mail.example.com [IPv6:2001:db8::1]) by mx.example.org (Postfix) with ESMTPS id X; {Date}");

        Assert.Equal(IPAddress.Parse("2001:db8::1"), hop.FromIp);
        Assert.Equal("mail.example.com", hop.FromReverseName);
    }

    [Fact]
    public void Parse_IPv4MappedIPv6_IsUnmapped()
    {
        var hop = ReceivedParser.Parse(0, $"from relay (relay [::ffff:185.12.34.56]) by mx.example.org; {Date}");

        Assert.Equal(IPAddress.Parse("185.12.34.56"), hop.FromIp);
    }

    [Fact]
    public void Parse_Localhost_ReadsLoopback()
    {
        var hop = ReceivedParser.Parse(0, $"from localhost (localhost [127.0.0.1]) by mx.example.org (Postfix) with ESMTP id 9F1; {Date}");

        Assert.Equal("localhost", hop.FromHost);
        Assert.Equal(IPAddress.Loopback, hop.FromIp);
    }

    [Fact]
    public void Parse_ByOnly_HasNoSender()
    {
        var hop = ReceivedParser.Parse(0, $"by mx.example.org (Postfix, from userid 1000) id 4R2; {Date}");

        Assert.Null(hop.FromHost);
        Assert.Null(hop.FromIp);
        Assert.Equal("mx.example.org", hop.ByHost);
    }

    [Fact]
    public void Parse_IpInFromHostBrackets_IsRead()
    {
        var hop = ReceivedParser.Parse(0, $"from [185.12.34.56] by mx.example.org; {Date}");

        Assert.Equal(IPAddress.Parse("185.12.34.56"), hop.FromIp);
        Assert.Equal("185.12.34.56", hop.FromHost);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage without structure")]
    [InlineData("from (((((( [[[[ by ;;;;")]
    [InlineData("from x ([999.1.1.1]) by y; not a date")]
    public void Parse_Garbage_ReturnsEmptyHop(string value)
    {
        var hop = ReceivedParser.Parse(3, value);

        Assert.Equal(3, hop.Index);
        Assert.Null(hop.FromIp);
        Assert.Null(hop.Date);
    }

    [Fact]
    public void Parse_VeryLongValue_IsCutToTwoThousandCharacters()
    {
        var hop = ReceivedParser.Parse(0, "from a (a [1.2.3.4]) by b; " + new string('x', 10_000));

        Assert.Equal(2000, hop.Raw.Length);
        Assert.Equal(IPAddress.Parse("1.2.3.4"), hop.FromIp);
    }
}
