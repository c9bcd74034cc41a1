namespace SentiMail.Host.Storage;

/// <summary>The database behind the host.</summary>
internal enum StorageProvider
{
    /// <summary>A SQLite file in the data folder: the zero-configuration default, for one replica.</summary>
    Sqlite,

    /// <summary>PostgreSQL: required for more than one replica.</summary>
    PostgreSql,
}
