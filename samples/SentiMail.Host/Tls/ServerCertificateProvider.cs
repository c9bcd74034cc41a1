using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace SentiMail.Host.Tls;

/// <summary>
/// Holds the certificate presented by every TLS handshake and, when it comes from files, reloads it when they change.
/// </summary>
/// <remarks>
/// Change notifications (on the folders of the certificate and key, which also catches the symbolic-link swap of a
/// mounted Kubernetes secret) restart a short delay, so a certificate and key written one after the other are read
/// together; a periodic check covers file systems without notifications. A reload reads both files once, and swaps
/// the certificate in one reference write only when they load and pass every check. Otherwise the certificate in use
/// stays and the reason is logged once per distinct content.
/// </remarks>
internal sealed class ServerCertificateProvider : IDisposable
{
    private readonly string? _certificatePath;
    private readonly string? _keyPath;
    private readonly string? _keyPassword;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ITimer? _debounce;
    private readonly ITimer? _poll;
    private readonly TimeSpan _reloadDelay;
    private ServerCertificate _current;
    private ReadOnlyMemory<byte> _lastFailedHash;
    private bool _disposed;

    private ServerCertificateProvider(ServerCertificate initial, TimeProvider time, ILogger logger)
    {
        _current = initial;
        _time = time;
        _logger = logger;
    }

    private ServerCertificateProvider(ServerCertificate initial, string certificatePath, string? keyPath, string? keyPassword,
        TimeSpan reloadDelay, TimeSpan pollInterval, TimeProvider time, ILogger logger)
        : this(initial, time, logger)
    {
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        _keyPassword = keyPassword;
        _reloadDelay = reloadDelay;
        _debounce = time.CreateTimer(static state => ((ServerCertificateProvider)state!).TryReload(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (pollInterval > TimeSpan.Zero)
        {
            _poll = time.CreateTimer(static state => ((ServerCertificateProvider)state!).TryReload(), this, pollInterval, pollInterval);
        }

        var directories = new HashSet<string>(StringComparer.Ordinal) { DirectoryOf(certificatePath) };
        if (keyPath is not null)
        {
            directories.Add(DirectoryOf(keyPath));
        }

        foreach (var directory in directories)
        {
            Watch(directory);
        }
    }

    /// <summary>Gets the certificate in use. Reads are lock-free; a reload replaces the whole instance.</summary>
    public ServerCertificate Current => Volatile.Read(ref _current);

    /// <summary>Creates the provider from the options: the configured files, or the self-signed certificate.</summary>
    /// <exception cref="InvalidOperationException">The configured certificate cannot be used, or the self-signed one
    /// cannot be written.</exception>
    public static ServerCertificateProvider Create(SentiMailTlsOptions options, string contentRoot, TimeProvider time, ILogger logger)
    {
        var files = ResolveFiles(options, contentRoot);
        if (files is null)
        {
            var directory = ResolvePath(contentRoot, options.SelfSignedCertificateDirectory ?? Path.Combine("data", "tls"));
            return new ServerCertificateProvider(SelfSignedCertificate.LoadOrCreate(directory, time, logger), time, logger);
        }

        var (certificatePath, keyPath) = files.Value;
        if (!PemCertificateLoader.TryLoad(certificatePath, keyPath, options.KeyPassword, time.GetUtcNow(), out var initial, out var error))
        {
            throw new InvalidOperationException("The TLS certificate configured in " + SentiMailTlsOptions.SectionName + " cannot be used: " + error);
        }

        Report(logger, initial, time);
        return new ServerCertificateProvider(initial, certificatePath, keyPath, options.KeyPassword, options.ReloadDelay, options.ReloadPollInterval, time, logger);
    }

    /// <summary>Returns the certificate and key files configured, as absolute paths, or <see langword="null"/> when none is.</summary>
    public static (string CertificatePath, string? KeyPath)? ResolveFiles(SentiMailTlsOptions options, string contentRoot)
    {
        if (options.CertificateDirectory is { } directory)
        {
            var absolute = ResolvePath(contentRoot, directory);
            return (Path.Combine(absolute, SentiMailTlsOptions.DirectoryCertificateFileName), Path.Combine(absolute, SentiMailTlsOptions.DirectoryKeyFileName));
        }

        if (options.CertificatePath is { } certificate)
        {
            return (ResolvePath(contentRoot, certificate), options.KeyPath is { } key ? ResolvePath(contentRoot, key) : null);
        }

        return null;
    }

    public static string ResolvePath(string contentRoot, string path) => Path.GetFullPath(path, contentRoot);

    /// <summary>Reads the files and swaps the certificate if they changed and load. Called by the watcher and the
    /// periodic check; internal so tests can force a check.</summary>
    /// <returns><see langword="true"/> when a new certificate is in use.</returns>
    internal bool TryReload()
    {
        if (_certificatePath is null)
        {
            return false;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            var current = Current;
            if (!PemCertificateLoader.TryRead(_certificatePath, "certificate", out var certificateBytes, out var error)
                || !TryReadKey(out var keyBytes, ref error))
            {
                ReportFailure(current, PemCertificateLoader.HashSources([], null), error!);
                return false;
            }

            var hash = PemCertificateLoader.HashSources(certificateBytes, keyBytes);
            if (hash.AsSpan().SequenceEqual(current.SourceHash.Span) || hash.AsSpan().SequenceEqual(_lastFailedHash.Span))
            {
                return false;
            }

            if (!PemCertificateLoader.TryCreate(certificateBytes, _certificatePath, keyBytes, _keyPath, _keyPassword, _time.GetUtcNow(), out var next, out error))
            {
                ReportFailure(current, hash, error);
                return false;
            }

            _lastFailedHash = ReadOnlyMemory<byte>.Empty;
            Volatile.Write(ref _current, next);
            var notAfter = next.Certificate.NotAfter.ToUniversalTime();
            TlsLog.Reloaded(_logger, next.Source, next.Certificate.Subject, next.Certificate.Thumbprint, current.Certificate.Thumbprint, notAfter);
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _debounce?.Dispose();
        _poll?.Dispose();
    }

    private static void Report(ILogger logger, ServerCertificate certificate, TimeProvider time)
    {
        var notAfter = certificate.Certificate.NotAfter.ToUniversalTime();
        TlsLog.Loaded(logger, certificate.Source, certificate.Certificate.Subject, certificate.Certificate.Thumbprint, notAfter);
        if (notAfter - time.GetUtcNow().UtcDateTime < SelfSignedCertificate.RenewBefore)
        {
            TlsLog.ExpiresSoon(logger, certificate.Source, certificate.Certificate.Thumbprint, notAfter);
        }
    }

    private static string DirectoryOf(string path) => Path.GetDirectoryName(path) ?? Path.GetPathRoot(path) ?? ".";

    private bool TryReadKey(out byte[]? keyBytes, ref string? error)
    {
        keyBytes = null;
        if (_keyPath is null)
        {
            return true;
        }

        if (PemCertificateLoader.TryRead(_keyPath, "private key", out var bytes, out error))
        {
            keyBytes = bytes;
            return true;
        }

        return false;
    }

    private void ReportFailure(ServerCertificate current, byte[] hash, string error)
    {
        if (hash.AsSpan().SequenceEqual(_lastFailedHash.Span))
        {
            return;
        }

        _lastFailedHash = hash;
        TlsLog.ReloadFailed(_logger, current.Certificate.Thumbprint, error);
    }

    private void Watch(string directory)
    {
        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Deleted += OnChanged;
            watcher.Renamed += OnChanged;
            watcher.Error += (_, _) => ScheduleReload();
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            TlsLog.WatchFailed(_logger, directory, e.Message);
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => ScheduleReload();

    private void ScheduleReload()
    {
        try
        {
            _debounce?.Change(_reloadDelay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // A late notification while the host stops.
        }
    }
}
