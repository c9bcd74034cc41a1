using System.Text.Json.Serialization;

namespace SentiMail.Host.Backups;

/// <summary>The manifest written next to each backup (<c>&lt;file&gt;.json</c>) once the backup is verified.</summary>
internal sealed record BackupManifest
{
    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string CurrentFormat = "sentimail-backup/1";

    public string Format { get; init; } = CurrentFormat;

    public required string Provider { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the SHA-256 of the backup file, lowercase hex.</summary>
    public required string Sha256 { get; init; }

    public required long Bytes { get; init; }

    /// <summary>Gets the row counts of <c>SentiMailDbContext.CountedTables</c> in the source at backup time.</summary>
    public required IReadOnlyDictionary<string, long> RowCounts { get; init; }
}

/// <summary>A backup as listed by <c>backup list</c>.</summary>
internal sealed record BackupInfo(string Path, DateTimeOffset CreatedAt, long Bytes, bool HasManifest, long? Rows);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BackupManifest))]
internal sealed partial class BackupJsonContext : JsonSerializerContext;
