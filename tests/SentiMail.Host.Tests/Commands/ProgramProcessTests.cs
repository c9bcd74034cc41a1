using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests.Commands;

/// <summary>The real executable: a command runs and exits without starting the web server.</summary>
public sealed class ProgramProcessTests
{
    [Fact]
    public async Task BackupNow_AsACommand_WritesAVerifiedBackupAndExits()
    {
        var dir = Directory.CreateTempSubdirectory("sentimail-host-process-");
        try
        {
            var dll = typeof(HostSetup).Assembly.Location;
            var config = $"--Storage:DataDirectory={dir.FullName}";

            var (exit, stdout, stderr) = await ProcessRunner.RunAsync("dotnet", [dll, "backup", "now", config]);
            Assert.True(exit == 0, $"exit {exit}: {stderr}");
            var path = stdout.Trim().Split('\t')[0];
            Assert.True(File.Exists(path), stdout);
            Assert.StartsWith(Path.Combine(dir.FullName, "backups"), path, StringComparison.Ordinal);

            var (createExit, _, createError) = await ProcessRunner.RunAsync("dotnet", [dll, "users", "create-admin", "--email", "ops@example.org", config],
                new Dictionary<string, string> { ["SENTIMAIL_PASSWORD"] = "ops passphrase here" });
            Assert.True(createExit == 0, createError);
            var (listExit, list, _) = await ProcessRunner.RunAsync("dotnet", [dll, "users", "list", config]);
            Assert.Equal(0, listExit);
            Assert.Contains("ops@example.org\tadmin", list, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
