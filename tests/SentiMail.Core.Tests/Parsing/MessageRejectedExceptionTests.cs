using SentiMail.Parsing;

namespace SentiMail.Tests.Parsing;

public class MessageRejectedExceptionTests
{
    [Theory]
    [InlineData(RejectionReason.Empty, "empty")]
    [InlineData(RejectionReason.TooLarge, "too-large")]
    [InlineData(RejectionReason.HeaderTooLarge, "header-too-large")]
    [InlineData(RejectionReason.TooDeep, "too-deep")]
    [InlineData(RejectionReason.TooManyParts, "too-many-parts")]
    [InlineData(RejectionReason.NotAnEmail, "not-an-email")]
    [InlineData(RejectionReason.Unreadable, "unreadable")]
    public void ReasonCode_EveryReason_IsStableKebabCase(RejectionReason reason, string code)
    {
        var ex = new MessageRejectedException(reason, "Because.");

        Assert.Equal(code, ex.ReasonCode);
        Assert.Equal(code, MessageRejectedException.ToCode(reason));
        Assert.Equal(reason, ex.Reason);
        Assert.Equal("Because.", ex.Message);
    }

    [Fact]
    public void ToCode_EveryReasonHasADistinctCode()
    {
        var codes = Enum.GetValues<RejectionReason>().Select(MessageRejectedException.ToCode).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c => Assert.Matches("^[a-z]+(-[a-z]+)*$", c));
    }

    [Fact]
    public void Constructors_Standard_ChooseSensibleReasons()
    {
        var inner = new IOException("disk");

        Assert.Equal(RejectionReason.NotAnEmail, new MessageRejectedException().Reason);
        Assert.Equal(RejectionReason.NotAnEmail, new MessageRejectedException("Nope.").Reason);
        var wrapped = new MessageRejectedException("Cannot read.", inner);
        Assert.Equal(RejectionReason.Unreadable, wrapped.Reason);
        Assert.Same(inner, wrapped.InnerException);
    }
}
