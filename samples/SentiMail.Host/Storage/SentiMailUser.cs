using Microsoft.AspNetCore.Identity;

namespace SentiMail.Host.Storage;

/// <summary>An interactive user of the host (ASP.NET Core Identity); roles are <c>admin</c> and <c>analyst</c>.</summary>
internal sealed class SentiMailUser : IdentityUser
{
    /// <summary>Gets or sets when the user was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
