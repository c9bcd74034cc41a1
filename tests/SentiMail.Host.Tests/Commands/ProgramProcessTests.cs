using System.Text.Json;
using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests.Commands;

/// <summary>The real executable: commands run against the configured store and exit without starting the web server.</summary>
public sealed class ProgramProcessTests
{
    [Fact]
    public async Task CreateAdmin_ThenBackupNow_AsCommands_WriteAVerifiedBackupHoldingTheAdmin()
    {
        var dir = Directory.CreateTempSubdirectory("sentimail-host-process-");
        try
        {
            var dll = typeof(HostSetup).Assembly.Location;
            var config = $"--Storage:DataDirectory={dir.FullName}";

            var (createExit, createOut, createError) = await ProcessRunner.RunAsync("dotnet", [dll, "users", "create-admin", "--email", "ops@example.org", config],
                new Dictionary<string, string> { ["SENTIMAIL_PASSWORD"] = "ops passphrase here" });
            Assert.True(createExit == 0, createError);
            Assert.StartsWith("Created admin ops@example.org", createOut, StringComparison.Ordinal);

            var (exit, stdout, stderr) = await ProcessRunner.RunAsync("dotnet", [dll, "backup", "now", config]);
            Assert.True(exit == 0, $"exit {exit}: {stderr}");
            // Standard output holds the result only (logs go to standard error).
            var path = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Split('\t')[0];
            Assert.StartsWith(Path.Combine(dir.FullName, "backups"), path, StringComparison.Ordinal);
            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(path + ".json"));
            Assert.Equal(1, manifest.RootElement.GetProperty("rowCounts").GetProperty("AspNetUsers").GetInt64());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
