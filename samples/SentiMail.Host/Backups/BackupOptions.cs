namespace SentiMail.Host.Backups;

/// <summary>The daily backup (configuration section <c>Backup</c>).</summary>
internal sealed class BackupOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Backup";

    /// <summary>Gets or sets whether the host backs up its database every day.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the time of day (UTC) of the daily backup.</summary>
    /// <value>The default is 02:00 UTC.</value>
    public TimeSpan DailyAt { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Gets or sets how many backups to keep; older ones are deleted after each new verified backup.</summary>
    /// <value>The default is 7; from 1 to 1000.</value>
    public int Keep { get; set; } = 7;

    /// <summary>Gets or sets the backup folder.</summary>
    /// <value>The default is <see langword="null"/>: <c>backups</c> under the storage data folder.</value>
    public string? Directory { get; set; }

    /// <summary>Gets or sets the <c>pg_dump</c> program (PostgreSQL only).</summary>
    /// <value>The default is <c>pg_dump</c> from the PATH; its major version must be at least the server's.</value>
    public string PgDumpPath { get; set; } = "pg_dump";

    /// <summary>Gets or sets the <c>pg_restore</c> program (PostgreSQL only).</summary>
    /// <value>The default is <c>pg_restore</c> from the PATH.</value>
    public string PgRestorePath { get; set; } = "pg_restore";

    /// <summary>Gets or sets how long <c>pg_dump</c> or <c>pg_restore</c> may run.</summary>
    /// <value>The default is 1 hour.</value>
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lists what is wrong with the options.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DailyAt < TimeSpan.Zero || DailyAt >= TimeSpan.FromDays(1))
        {
            errors.Add("Backup:DailyAt must be a time of day from 00:00:00 to 23:59:59 (UTC).");
        }

        if (Keep is < 1 or > 1000)
        {
            errors.Add("Backup:Keep must be from 1 to 1000.");
        }

        if (ToolTimeout <= TimeSpan.Zero)
        {
            errors.Add("Backup:ToolTimeout must be positive.");
        }

        return errors;
    }
}
