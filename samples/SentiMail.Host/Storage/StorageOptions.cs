namespace SentiMail.Host.Storage;

/// <summary>Where and how the host keeps its data (configuration section <c>Storage</c>).</summary>
internal sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage";

    /// <summary>Gets or sets the database.</summary>
    /// <value>The default is <see cref="StorageProvider.Sqlite"/>.</value>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Gets or sets the folder for the SQLite database, the generated encryption key and the backups.</summary>
    /// <value>The default is <c>data</c> under the content root; a relative path is taken from the content root.</value>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Gets or sets the connection string. Required for PostgreSQL; for SQLite the default is
    /// <c>Data Source={DataDirectory}/sentimail.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets how long raw messages are kept; reports are kept after that.</summary>
    /// <value>The default is 30 days; from 1 minute to 3650 days.</value>
    public TimeSpan RawMessageRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Gets or sets how often expired raw messages are purged.</summary>
    /// <value>The default is 1 hour; from 1 second to 1 day.</value>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets whether pending migrations are applied at start-up.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool MigrateAtStartup { get; set; } = true;

    /// <summary>Lists what is wrong with the options.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Provider))
        {
            errors.Add("Storage:Provider must be Sqlite or PostgreSql.");
        }

        if (Provider == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add("Storage:ConnectionString is required when Storage:Provider is PostgreSql.");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("Storage:DataDirectory must not be empty.");
        }

        if (RawMessageRetention < TimeSpan.FromMinutes(1) || RawMessageRetention > TimeSpan.FromDays(3650))
        {
            errors.Add("Storage:RawMessageRetention must be from 00:01:00 to 3650.00:00:00.");
        }

        if (PurgeInterval < TimeSpan.FromSeconds(1) || PurgeInterval > TimeSpan.FromDays(1))
        {
            errors.Add("Storage:PurgeInterval must be from 00:00:01 to 1.00:00:00.");
        }

        return errors;
    }
}
