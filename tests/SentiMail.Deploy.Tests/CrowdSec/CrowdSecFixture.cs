using SentiMail.Deploy.Tests.Infrastructure;

namespace SentiMail.Deploy.Tests.CrowdSec;

/// <summary>
/// Debian's crowdsec with the files of deploy/crowdsec installed into a private copy of /etc/crowdsec, and a private
/// LAPI (eng/crowdsec/start-lapi.sh) that the agent reports to. Nothing under /etc/crowdsec is changed. Fails, never
/// skips, when crowdsec is missing.
/// </summary>
public sealed class CrowdSecFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private string? _lapiDirectory;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("sentimail-crowdsec-deploy-").FullName;

    public string ConfigPath => Path.Combine(Directory, "cfg", "config.yaml");

    public string LapiConfigPath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ExternalProcess.Require("crowdsec", "crowdsec");
        ExternalProcess.Require("cscli", "crowdsec");
        var start = await ExternalProcess.RunAsync("bash", [Repository.File("eng", "crowdsec", "start-lapi.sh")], s_timeout);
        Assert.True(start.ExitCode == 0, "eng/crowdsec/start-lapi.sh failed (it needs root and Debian's crowdsec): " + start.Stderr);
        var values = start.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
        _lapiDirectory = values["CROWDSEC_DIR"];
        LapiConfigPath = values["CROWDSEC_CONFIG"];

        // The package's configuration (symbolic links into the offline hub kept), plus our parser and scenarios.
        var cfg = Path.Combine(Directory, "cfg");
        var copy = await ExternalProcess.RunAsync("cp", ["-a", "/etc/crowdsec", cfg], s_timeout);
        Assert.True(copy.ExitCode == 0, copy.Output);
        File.Copy(Repository.Deploy("crowdsec", "sentimail-logs.yaml"), Path.Combine(cfg, "parsers", "s01-parse", "sentimail-logs.yaml"), overwrite: true);
        foreach (var scenario in ScenarioFiles)
        {
            File.Copy(scenario, Path.Combine(cfg, "scenarios", Path.GetFileName(scenario)), overwrite: true);
        }

        // The LAPI's configuration (its port, credentials, database), reading parsers and scenarios from the copy.
        var lines = (await File.ReadAllLinesAsync(LapiConfigPath)).Select(line =>
            line.TrimStart().StartsWith("config_dir:", StringComparison.Ordinal) ? "  config_dir: " + cfg + "/"
            : line.TrimStart().StartsWith("simulation_path:", StringComparison.Ordinal) ? "  simulation_path: " + Path.Combine(cfg, "simulation.yaml")
            : line);
        await File.WriteAllLinesAsync(ConfigPath, lines);
    }

    public static IEnumerable<string> ScenarioFiles =>
        System.IO.Directory.EnumerateFiles(Repository.Deploy("crowdsec"), "sentimail-*.yaml")
            .Where(f => !f.EndsWith("sentimail-logs.yaml", StringComparison.Ordinal));

    /// <summary>Runs <c>cscli explain -v</c> on the lines and returns its report, by line.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ExplainAsync(IReadOnlyList<string> lines, string type)
    {
        var file = await WriteAsync(lines);
        var result = await ExternalProcess.RunAsync("cscli", ["-c", ConfigPath, "explain", "-v", "--file", file, "--type", type], s_timeout);
        Assert.True(result.ExitCode == 0, "cscli explain failed: " + result.Output);
        var report = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var block in result.Stdout.Split("line: ", StringSplitOptions.RemoveEmptyEntries).Skip(result.Stdout.StartsWith("line: ", StringComparison.Ordinal) ? 0 : 1))
        {
            var newline = block.IndexOf('\n', StringComparison.Ordinal);
            report[block[..newline]] = block[(newline + 1)..];
        }

        Assert.Equal(lines.Distinct(StringComparer.Ordinal).Count(), report.Count);
        return report;
    }

    /// <summary>Replays the lines through the agent (<c>crowdsec -dsn file://… -no-api</c>) and returns its log.</summary>
    public async Task<string> ReplayAsync(IReadOnlyList<string> lines, string type)
    {
        var file = await WriteAsync(lines);
        var result = await ExternalProcess.RunAsync("crowdsec", ["-c", ConfigPath, "-dsn", "file://" + file, "-type", type, "-no-api"], s_timeout);
        Assert.True(result.ExitCode == 0, "crowdsec replay failed: " + result.Output);
        return result.Output;
    }

    /// <summary>Runs cscli against the private LAPI.</summary>
    public async Task<string> CscliAsync(params string[] args)
    {
        var result = await ExternalProcess.RunAsync("cscli", ["-c", LapiConfigPath, .. args], s_timeout);
        Assert.True(result.ExitCode == 0, $"cscli {string.Join(' ', args)} failed: {result.Output}");
        return result.Stdout;
    }

    public async Task DisposeAsync()
    {
        if (_lapiDirectory is not null)
        {
            await ExternalProcess.RunAsync("bash", [Repository.File("eng", "crowdsec", "stop-lapi.sh"), _lapiDirectory], s_timeout);
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task<string> WriteAsync(IReadOnlyList<string> lines)
    {
        var file = Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".log");
        await File.WriteAllTextAsync(file, string.Join('\n', lines) + "\n");
        return file;
    }
}
