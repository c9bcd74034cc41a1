namespace SentiMail.Host.Backups;

/// <summary>Copies the database to a file and back, for one provider.</summary>
internal interface IDatabaseBackupProvider
{
    /// <summary>Gets the provider name written in manifests.</summary>
    string Name { get; }

    /// <summary>Gets the backup file extension, with the dot.</summary>
    string FileExtension { get; }

    /// <summary>Writes a consistent copy of the database to <paramref name="destination"/> and verifies it.</summary>
    /// <param name="destination">The file to write (must not exist).</param>
    /// <param name="cancellationToken">Cancels the backup.</param>
    /// <returns>The row counts of the counted tables in the copied snapshot.</returns>
    /// <exception cref="BackupException">The copy failed or did not verify.</exception>
    Task<IReadOnlyDictionary<string, long>> BackupAsync(string destination, CancellationToken cancellationToken);

    /// <summary>Checks that a backup file is readable and holds what its manifest says, without restoring it.</summary>
    /// <param name="path">The backup file.</param>
    /// <param name="manifest">Its manifest.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the file is found good.</returns>
    /// <exception cref="BackupException">The file is not a usable backup.</exception>
    Task VerifyAsync(string path, BackupManifest manifest, CancellationToken cancellationToken);

    /// <summary>Replaces the database's content by the backup's, then checks the row counts.</summary>
    /// <param name="path">The backup file, already verified.</param>
    /// <param name="manifest">Its manifest.</param>
    /// <param name="cancellationToken">Cancels the restore.</param>
    /// <returns>A task that completes when the database is restored.</returns>
    /// <exception cref="BackupException">The restore failed.</exception>
    Task RestoreAsync(string path, BackupManifest manifest, CancellationToken cancellationToken);
}
