using System.Globalization;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.Host.Backups;
using SentiMail.Host.Users;

namespace SentiMail.Host.Commands;

/// <summary>
/// The host's administration commands. <c>SentiMail.Host &lt;group&gt; &lt;command&gt; [arguments] [--Section:Key=value…]</c>
/// runs one command against the configured store and exits; with no command the web host runs.
/// </summary>
/// <remarks>
/// <para><c>backup list | now | restore &lt;file&gt;</c>; <c>users create-admin | create --email &lt;address&gt; [--role analyst]</c>
/// (password from <c>--password-stdin</c> or the <c>SENTIMAIL_PASSWORD</c> environment variable, never an argument),
/// <c>users list</c>; <c>keys create --owner &lt;email or id&gt; --name &lt;name&gt; [--scopes a,b] [--expires-days n]</c>,
/// <c>keys list [--owner …]</c>, <c>keys revoke &lt;id&gt;</c>.</para>
/// <para>Arguments of the form <c>--Section:Key=value</c> are configuration, as for the web host.</para>
/// </remarks>
internal static class HostCommandLine
{
    /// <summary>The environment variable a password may come from.</summary>
    public const string PasswordVariable = "SENTIMAIL_PASSWORD";

    private const int Ok = 0;
    private const int Failed = 1;
    private const int Usage = 2;

    private static readonly string[] s_groups = ["backup", "users", "keys", "help"];

    private static readonly string s_usageText = string.Join(Environment.NewLine,
    [
        "Usage: SentiMail.Host [<command>] [--Section:Key=value ...]",
        "  (no command)                         run the web service",
        "  backup list                          list backups, newest first",
        "  backup now                           write and verify a backup now",
        "  backup restore <file>                restore the database from a verified backup (stop the service first)",
        "  users create-admin --email <address> create an administrator (password: --password-stdin or SENTIMAIL_PASSWORD)",
        "  users create --email <address> [--role analyst|admin]",
        "  users list",
        "  keys create --owner <email|id> --name <name> [--scopes analyses:submit,analyses:read] [--expires-days <n>]",
        "  keys list [--owner <email|id>]",
        "  keys revoke <id>",
    ]);

    /// <summary>Tells whether the arguments start with a command (rather than web host options).</summary>
    /// <param name="args">The process arguments.</param>
    /// <returns><see langword="true"/> for a command.</returns>
    public static bool IsCommand(IReadOnlyList<string> args) => args.Count > 0 && s_groups.Contains(args[0], StringComparer.Ordinal);

    /// <summary>Gets the arguments meant for configuration: those of the form <c>--Key=value</c>.</summary>
    /// <param name="args">The process arguments.</param>
    /// <returns>The configuration arguments.</returns>
    public static string[] ConfigurationArguments(IReadOnlyList<string> args) =>
        [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))];

    /// <summary>Runs one command.</summary>
    /// <param name="services">The application's services (store initialized).</param>
    /// <param name="args">The process arguments, command first.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="input">Where <c>--password-stdin</c> reads from.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code: 0 success, 1 failure, 2 usage error.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, TextWriter error, TextReader input, CancellationToken cancellationToken = default)
    {
        var words = args.Where(a => !(a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))).ToList();
        var positional = new List<string>();
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].StartsWith("--", StringComparison.Ordinal))
            {
                var isFlag = i + 1 >= words.Count || words[i + 1].StartsWith("--", StringComparison.Ordinal);
                named[words[i][2..]] = isFlag ? "" : words[++i];
            }
            else
            {
                positional.Add(words[i]);
            }
        }

        try
        {
            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            return (positional.ElementAtOrDefault(0), positional.ElementAtOrDefault(1)) switch
            {
                ("backup", "list") => BackupList(sp.GetRequiredService<BackupManager>(), output),
                ("backup", "now") => await BackupNowAsync(sp.GetRequiredService<BackupManager>(), output, cancellationToken).ConfigureAwait(false),
                ("backup", "restore") when positional.Count == 3 => await RestoreAsync(services, positional[2], output, cancellationToken).ConfigureAwait(false),
                ("users", "create-admin") => await CreateUserAsync(sp.GetRequiredService<UserAdministration>(), named, SentiMailRoles.Admin, output, error, input).ConfigureAwait(false),
                ("users", "create") => await CreateUserAsync(sp.GetRequiredService<UserAdministration>(), named, named.GetValueOrDefault("role", SentiMailRoles.Analyst), output, error, input).ConfigureAwait(false),
                ("users", "list") => await UsersListAsync(sp.GetRequiredService<UserAdministration>(), output).ConfigureAwait(false),
                ("keys", "create") => await KeysCreateAsync(sp, named, output, error, cancellationToken).ConfigureAwait(false),
                ("keys", "list") => await KeysListAsync(sp, named, output, error, cancellationToken).ConfigureAwait(false),
                ("keys", "revoke") when positional.Count == 3 => await KeysRevokeAsync(sp.GetRequiredService<ApiKeyService>(), positional[2], output, error, cancellationToken).ConfigureAwait(false),
                _ => await WriteUsageAsync(error).ConfigureAwait(false),
            };
        }
        catch (Exception ex) when (ex is BackupException or InvalidOperationException or ArgumentException)
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return Failed;
        }
    }

    private static async Task<int> WriteUsageAsync(TextWriter error)
    {
        await error.WriteLineAsync(s_usageText).ConfigureAwait(false);
        return Usage;
    }

    private static int BackupList(BackupManager backups, TextWriter output)
    {
        foreach (var b in backups.List())
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{b.Path}\t{b.CreatedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}\t{b.Bytes} bytes\t{(b.HasManifest ? $"verified, {b.Rows} rows" : "NO MANIFEST")}"));
        }

        return Ok;
    }

    private static async Task<int> BackupNowAsync(BackupManager backups, TextWriter output, CancellationToken cancellationToken)
    {
        var b = await backups.BackupNowAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{b.Path}\t{b.Bytes} bytes\tverified, {b.Rows} rows")).ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> RestoreAsync(IServiceProvider services, string file, TextWriter output, CancellationToken cancellationToken)
    {
        var manifest = await services.GetRequiredService<BackupManager>().RestoreAsync(file, cancellationToken).ConfigureAwait(false);
        // A backup of an older version gets the newer migrations.
        await HostSetup.MigrateAsync(services, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Restored {file} (taken {manifest.CreatedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}, {manifest.RowCounts.Values.Sum()} rows).")).ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> CreateUserAsync(UserAdministration users, Dictionary<string, string> named, string role,
        TextWriter output, TextWriter error, TextReader input)
    {
        if (!named.TryGetValue("email", out var email) || string.IsNullOrWhiteSpace(email))
        {
            return await WriteUsageAsync(error).ConfigureAwait(false);
        }

        var password = named.ContainsKey("password-stdin")
            ? await input.ReadLineAsync().ConfigureAwait(false)
            : Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteLineAsync($"error: no password: pipe it with --password-stdin or set {PasswordVariable}.").ConfigureAwait(false);
            return Usage;
        }

        var user = await users.CreateAsync(email, password, role).ConfigureAwait(false);
        await output.WriteLineAsync($"Created {role} {email} (id {user.Id}).").ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> UsersListAsync(UserAdministration users, TextWriter output)
    {
        foreach (var u in await users.ListAsync().ConfigureAwait(false))
        {
            await output.WriteLineAsync($"{u.Id}\t{u.Email}\t{string.Join(',', u.Roles)}{(u.LockedOut ? "\tLOCKED OUT" : "")}").ConfigureAwait(false);
        }

        return Ok;
    }

    private static async Task<int> KeysCreateAsync(IServiceProvider sp, Dictionary<string, string> named, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!named.TryGetValue("owner", out var owner) || !named.TryGetValue("name", out var name))
        {
            return await WriteUsageAsync(error).ConfigureAwait(false);
        }

        var user = await sp.GetRequiredService<UserAdministration>().FindAsync(owner).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No user {owner}; create it first (users create).");
        var scopes = named.GetValueOrDefault("scopes", $"{ApiKeyScopes.Submit},{ApiKeyScopes.Read}")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        DateTimeOffset? expires = null;
        if (named.TryGetValue("expires-days", out var days))
        {
            if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                return await WriteUsageAsync(error).ConfigureAwait(false);
            }

            expires = sp.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(n);
        }

        var created = await sp.GetRequiredService<ApiKeyService>().CreateAsync(
            new ApiKeyCreateRequest { OwnerId = user.Id, Name = name, Scopes = scopes, ExpiresAt = expires }, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(created.Key).ConfigureAwait(false);
        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Created key {created.Id} for {user.Email} ({string.Join(' ', created.Scopes)}), expires {created.ExpiresAt:yyyy-MM-dd}. It is shown once: store it now.")).ConfigureAwait(false);
        return Ok;
    }

    private static async Task<int> KeysListAsync(IServiceProvider sp, Dictionary<string, string> named, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? ownerId = null;
        if (named.TryGetValue("owner", out var owner))
        {
            var user = await sp.GetRequiredService<UserAdministration>().FindAsync(owner).ConfigureAwait(false);
            if (user is null)
            {
                await error.WriteLineAsync($"error: no user {owner}.").ConfigureAwait(false);
                return Failed;
            }

            ownerId = user.Id;
        }

        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var k in await sp.GetRequiredService<ApiKeyService>().ListAsync(ownerId, cancellationToken).ConfigureAwait(false))
        {
            var state = k.RevokedAt is not null ? "revoked" : k.ExpiresAt is { } e && e <= now ? "expired" : "active";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{k.Id}\t{k.OwnerId}\t{k.Name}\t{string.Join(' ', k.Scopes)}\t{state}\t{k.ExpiresAt:yyyy-MM-dd}")).ConfigureAwait(false);
        }

        return Ok;
    }

    private static async Task<int> KeysRevokeAsync(ApiKeyService keys, string id, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (await keys.RevokeAsync(id, cancellationToken).ConfigureAwait(false))
        {
            await output.WriteLineAsync($"Revoked {id}.").ConfigureAwait(false);
            return Ok;
        }

        await error.WriteLineAsync($"error: no active key {id}.").ConfigureAwait(false);
        return Failed;
    }
}
