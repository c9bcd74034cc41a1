using SentiMail.AspNetCore.Analyses;

namespace SentiMail.AspNetCore.Tests.Analyses;

/// <summary>Client-supplied upload file names: paths, control characters (header and log injection), length.</summary>
public sealed class UploadFileNameTests
{
    [Theory]
    [InlineData("message.eml", "message.eml")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\mail\\..\\inbox\\a.eml", "a.eml")]
    [InlineData("  spaced name.eml  ", "spaced name.eml")]
    [InlineData("evil\r\nSet-Cookie: x=1.eml", "evilSet-Cookie: x=1.eml")]
    [InlineData("tab\tand\0nul.eml", "tabandnul.eml")]
    public void Clean_KeepsTheLastSegmentWithoutControlCharacters(string name, string expected) =>
        Assert.Equal(expected, UploadFileName.Clean(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("folder/")]
    [InlineData("\r\n\t")]
    public void Clean_OfNothingUsable_IsNull(string? name) => Assert.Null(UploadFileName.Clean(name));

    [Fact]
    public void Clean_CutsLongNames()
    {
        var cleaned = UploadFileName.Clean(new string('a', 10_000) + ".eml");
        Assert.Equal(UploadFileName.MaxLength, cleaned!.Length);
    }
}
