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

    /// <summary>Gets or sets how many failed sign-ins one client address may make per <see cref="FailedSignInWindow"/>,
    /// whatever the accounts (Identity's lockout counts per account; this stops one address trying many). Then its
    /// sign-ins are refused with 429 until the window ends, without checking the password. Default 20.</summary>
    public int MaxFailedSignInsPerAddress { get; set; } = 20;

    /// <summary>Gets or sets the fixed window of <see cref="MaxFailedSignInsPerAddress"/>. Default 15 minutes.</summary>
    public TimeSpan FailedSignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Lists what is wrong with these options.</summary>
    /// <returns>The errors; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxFailedSignInsPerAddress < 1)
        {
            errors.Add($"Users:MaxFailedSignInsPerAddress must be at least 1 (got {MaxFailedSignInsPerAddress}).");
        }

        if (FailedSignInWindow <= TimeSpan.Zero || FailedSignInWindow > TimeSpan.FromDays(1))
        {
            errors.Add($"Users:FailedSignInWindow must be more than 0 and at most 1 day (got {FailedSignInWindow}).");
        }

        return errors;
    }
}
