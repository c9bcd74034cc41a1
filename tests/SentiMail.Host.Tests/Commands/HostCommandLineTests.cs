using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.Host.Commands;
using SentiMail.Host.Tests.Infrastructure;
using SentiMail.Host.Users;

namespace SentiMail.Host.Tests.Commands;

public sealed class HostCommandLineTests : IAsyncLifetime
{
    private HostServices _host = null!;

    public async Task InitializeAsync() => _host = await HostServices.StartAsync();

    public Task DisposeAsync() => _host.DisposeAndDeleteAsync();

    private async Task<(int Exit, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin);
        var exit = await HostCommandLine.RunAsync(_host.Services, args, output, error, input);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void IsCommand_OnlyForKnownGroups_AndConfigurationArgumentsAreKeyValuePairs()
    {
        Assert.True(HostCommandLine.IsCommand(["backup", "now"]));
        Assert.False(HostCommandLine.IsCommand(["--urls", "http://127.0.0.1:5000"]));
        Assert.False(HostCommandLine.IsCommand([]));
        Assert.Equal(["--Storage:DataDirectory=/x"], HostCommandLine.ConfigurationArguments(["backup", "restore", "/tmp/b.db", "--Storage:DataDirectory=/x"]));
    }

    [Fact]
    public async Task UsersCreateAdmin_ReadsThePasswordFromStdin_AndRefusesADuplicate()
    {
        var (exit, output, _) = await RunAsync("admin passphrase here", "users", "create-admin", "--email", "root@example.org", "--password-stdin");
        Assert.Equal(0, exit);
        Assert.Contains("Created admin root@example.org", output, StringComparison.Ordinal);

        var (listExit, list, _) = await RunAsync("", "users", "list");
        Assert.Equal(0, listExit);
        Assert.Contains("root@example.org\tadmin", list, StringComparison.Ordinal);

        var (again, _, error) = await RunAsync("admin passphrase here", "users", "create-admin", "--email", "root@example.org", "--password-stdin");
        Assert.Equal(1, again);
        Assert.Contains("error:", error, StringComparison.Ordinal);

        var (noPassword, _, noPasswordError) = await RunAsync("", "users", "create-admin", "--email", "other@example.org");
        Assert.Equal(2, noPassword);
        Assert.Contains(HostCommandLine.PasswordVariable, noPasswordError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_CreateListRevoke_TheCreatedKeyAuthenticatesUntilRevoked()
    {
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync("ci@example.org", "ci user passphrase", SentiMailRoles.Analyst);
        }

        var (exit, output, _) = await RunAsync("", "keys", "create", "--owner", "ci@example.org", "--name", "pipeline", "--scopes", "analyses:submit", "--expires-days", "30");
        Assert.Equal(0, exit);
        var key = output.Trim();
        Assert.StartsWith("sm_", key, StringComparison.Ordinal);
        var keys = _host.Get<ApiKeyService>();
        var valid = await keys.ValidateAsync(key);
        Assert.Equal(ApiKeyValidationStatus.Valid, valid.Status);
        Assert.Equal([ApiKeyScopes.Submit], valid.Key!.Scopes);

        var (_, list, _) = await RunAsync("", "keys", "list", "--owner", "ci@example.org");
        Assert.Contains($"{valid.KeyId}\t", list, StringComparison.Ordinal);
        Assert.Contains("\tactive\t", list, StringComparison.Ordinal);

        var (revokeExit, revoked, _) = await RunAsync("", "keys", "revoke", valid.KeyId!);
        Assert.Equal(0, revokeExit);
        Assert.Contains("Revoked", revoked, StringComparison.Ordinal);
        Assert.Equal(ApiKeyValidationStatus.Revoked, (await keys.ValidateAsync(key)).Status);
        Assert.Equal(1, (await RunAsync("", "keys", "revoke", valid.KeyId!)).Exit);
        Assert.Equal(1, (await RunAsync("", "keys", "create", "--owner", "nobody@example.org", "--name", "x")).Exit);
    }

    [Fact]
    public async Task Backup_NowListRestore_AndARestoreOfANonBackupFails()
    {
        var analysis = Samples.Analysis("someone", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        await _host.Get<IAnalysisStore>().SaveAsync(analysis);

        var (exit, output, _) = await RunAsync("", "backup", "now");
        Assert.Equal(0, exit);
        var path = output.Split('\t')[0];
        Assert.True(File.Exists(path));

        var (_, list, _) = await RunAsync("", "backup", "list");
        Assert.Contains(path, list, StringComparison.Ordinal);
        Assert.Contains("verified", list, StringComparison.Ordinal);

        var junk = Path.Combine(_host.DataDirectory.FullName, "junk.db");
        await File.WriteAllTextAsync(junk, "not a database");
        var (junkExit, _, junkError) = await RunAsync("", "backup", "restore", junk);
        Assert.Equal(1, junkExit);
        Assert.Contains("not a backup written by SentiMail", junkError, StringComparison.Ordinal);

        await _host.Get<IAnalysisStore>().DeleteAsync(analysis.Id);
        var (restoreExit, restored, _) = await RunAsync("", "backup", "restore", Path.GetFileName(path));
        Assert.Equal(0, restoreExit);
        Assert.Contains("Restored", restored, StringComparison.Ordinal);
        Assert.Equal(analysis.RawMessage.ToArray(), (await _host.Get<IAnalysisStore>().FindAsync(analysis.Id))!.RawMessage.ToArray());
    }

    [Fact]
    public async Task UnknownCommand_PrintsUsage()
    {
        var (exit, _, error) = await RunAsync("", "backup", "explode");
        Assert.Equal(2, exit);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }
}
