namespace SentiMail.Host;

/// <summary>The host's log events (5600–5699).</summary>
internal static partial class HostLog
{
    [LoggerMessage(5601, LogLevel.Warning, "Generated a new raw-message encryption key {KeyId} at {Path} (mode 0600). Back it up: without it the raw messages it sealed cannot be read. Configure Encryption:Keys to supply your own.", EventName = "EncryptionKeyGenerated")]
    public static partial void EncryptionKeyGenerated(ILogger logger, string keyId, string path);

    [LoggerMessage(5602, LogLevel.Error, "The raw message of analysis {AnalysisId} could not be decrypted; the report is returned without it.", EventName = "RawMessageDecryptionFailed")]
    public static partial void RawMessageDecryptionFailed(ILogger logger, Exception exception, Guid analysisId);

    [LoggerMessage(5603, LogLevel.Information, "Purged the raw messages of {Count} analyses created before {Cutoff:o}.", EventName = "RawMessagesPurged")]
    public static partial void RawMessagesPurged(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(5604, LogLevel.Error, "The raw-message purge failed; it runs again in {Interval}.", EventName = "RawMessagePurgeFailed")]
    public static partial void RawMessagePurgeFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(5610, LogLevel.Information, "Backup written and verified: {Path} ({Bytes} bytes, {Rows} rows).", EventName = "BackupWritten")]
    public static partial void BackupWritten(ILogger logger, string path, long bytes, long rows);

    [LoggerMessage(5611, LogLevel.Error, "The scheduled backup failed; the next one is at {Next:o}.", EventName = "BackupFailed")]
    public static partial void BackupFailed(ILogger logger, Exception exception, DateTimeOffset next);

    [LoggerMessage(5612, LogLevel.Information, "Deleted old backup {Path} (keeping {Keep}).", EventName = "BackupPruned")]
    public static partial void BackupPruned(ILogger logger, string path, int keep);

    [LoggerMessage(5613, LogLevel.Warning, "Restored the database from {Path}.", EventName = "BackupRestored")]
    public static partial void BackupRestored(ILogger logger, string path);

    [LoggerMessage(5620, LogLevel.Information, "Applied database migrations ({Provider}): {Migrations}.", EventName = "MigrationsApplied")]
    public static partial void MigrationsApplied(ILogger logger, string provider, string migrations);

    [LoggerMessage(5630, LogLevel.Warning, "Created administrator {Email} from configuration (Users:InitialAdmin).", EventName = "InitialAdminCreated")]
    public static partial void InitialAdminCreated(ILogger logger, string email);

    [LoggerMessage(5631, LogLevel.Warning, "No administrator exists yet: create one with `users create-admin --email <address>` or Users:InitialAdminEmail and Users:InitialAdminPassword.", EventName = "NoAdministrator")]
    public static partial void NoAdministrator(ILogger logger);

    [LoggerMessage(5632, LogLevel.Warning, "Security: sign-in failed for {Email} from {ClientAddress} ({Channel}): {Reason}.", EventName = "SignInFailed")]
    public static partial void SignInFailed(ILogger logger, string email, string clientAddress, string channel, string reason);

    [LoggerMessage(5633, LogLevel.Information, "User {UserId} signed in from {ClientAddress} ({Channel}).", EventName = "SignedIn")]
    public static partial void SignedIn(ILogger logger, string userId, string clientAddress, string channel);

    [LoggerMessage(5634, LogLevel.Information, "User {UserId} signed out ({Channel}).", EventName = "SignedOut")]
    public static partial void SignedOut(ILogger logger, string userId, string channel);

    [LoggerMessage(5640, LogLevel.Warning, "Security: web upload from {ClientAddress} rejected ({Status}): {Reason}.", EventName = "WebUploadRejected")]
    public static partial void WebUploadRejected(ILogger logger, string clientAddress, int status, string reason);

    [LoggerMessage(5641, LogLevel.Warning, "Security: {Method} {Path} from {ClientAddress} refused: antiforgery token missing or invalid.", EventName = "AntiforgeryRejected")]
    public static partial void AntiforgeryRejected(ILogger logger, string method, string path, string clientAddress);
}
