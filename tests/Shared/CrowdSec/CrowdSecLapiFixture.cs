using System.Diagnostics;

namespace SentiMail.Testing;

/// <summary>
/// The real CrowdSec LAPI from Debian's crowdsec package, started by eng/crowdsec/start-lapi.sh on 127.0.0.1 at a free
/// port from a private copy of the configuration (own SQLite database), with no online services. Needs root (apt,
/// cscli). Fails — never skips — when crowdsec cannot be installed or started.
/// </summary>
public sealed class CrowdSecLapiFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(3);

    public Uri LapiUrl { get; private set; } = null!;

    public string ConfigPath { get; private set; } = null!;

    private string WorkDirectory { get; set; } = null!;

    public async Task InitializeAsync()
    {
        var root = FindRepositoryRoot();
        var (exit, stdout, stderr) = await RunAsync("bash", [Path.Combine(root, "eng", "crowdsec", "start-lapi.sh")]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"eng/crowdsec/start-lapi.sh failed ({exit}); it needs root and Debian's crowdsec package (eng/install-test-deps.sh):\n{stderr}");
        }

        var values = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim());
        LapiUrl = new Uri(values["LAPI_URL"] + "/");
        ConfigPath = values["CROWDSEC_CONFIG"];
        WorkDirectory = values["CROWDSEC_DIR"];
    }

    public async Task DisposeAsync()
    {
        if (WorkDirectory is not null)
        {
            await RunAsync("bash", [Path.Combine(FindRepositoryRoot(), "eng", "crowdsec", "stop-lapi.sh"), WorkDirectory]);
        }
    }

    /// <summary>Runs <c>cscli -c &lt;private config&gt; args…</c> and returns its standard output; fails on a non-zero exit.</summary>
    public async Task<string> CscliAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync("cscli", ["-c", ConfigPath, .. args]);
        Assert.True(exit == 0, $"cscli {string.Join(' ', args)} failed ({exit}): {stderr}");
        return stdout.Trim();
    }

    /// <summary>Registers a bouncer with a unique name and returns its API key.</summary>
    public Task<string> AddBouncerAsync(string name) => CscliAsync("bouncers", "add", name + "-" + Guid.NewGuid().ToString("N")[..8], "-o", "raw");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SentiMail.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SentiMail.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + file);
        using var timeout = new CancellationTokenSource(s_commandTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

[CollectionDefinition(Name)]
public sealed class CrowdSecLapiGroup : ICollectionFixture<CrowdSecLapiFixture>
{
    public const string Name = "CrowdSec LAPI";
}
