namespace SentiMail.Host.Users;

/// <summary>Interactive users (configuration section <c>Users</c>); password and lockout rules are in <c>Identity</c>.</summary>
internal sealed class UsersOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Users";

    /// <summary>Gets or sets the e-mail address of the administrator created at start-up when no administrator exists.</summary>
    public string? InitialAdminEmail { get; set; }

    /// <summary>Gets or sets that administrator's password (from a secret or an environment variable, never appsettings.json).</summary>
    public string? InitialAdminPassword { get; set; }
}
