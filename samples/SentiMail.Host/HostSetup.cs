using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.AspNetCore.Protection;
using SentiMail.Host.Backups;
using SentiMail.Host.Encryption;
using SentiMail.Host.Observability;
using SentiMail.Host.Protection;
using SentiMail.Host.Storage;
using SentiMail.Host.Users;
using SentiMail.Host.Web;

namespace SentiMail.Host;

/// <summary>Composes the host: storage, encryption, backups, users, authentication, the API and the web UI.</summary>
internal static class HostSetup
{
    /// <summary>The authentication scheme that picks the API key handler or Identity's cookie per request.</summary>
    public const string SelectorScheme = "SentiMail";

    /// <summary>Registers every service of the host from configuration.</summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddSentiMailHost(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;

        services.TryAddSingletonTimeProvider();
        builder.AddSentiMailObservability();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>>(new DelegateValidator<StorageOptions>(o => o.Validate()));
        services.AddOptions<BackupOptions>().Bind(configuration.GetSection(BackupOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BackupOptions>>(new DelegateValidator<BackupOptions>(o => o.Validate()));
        services.AddOptions<RawMessageEncryptionOptions>().Bind(configuration.GetSection(RawMessageEncryptionOptions.SectionName));
        services.AddOptions<UsersOptions>().Bind(configuration.GetSection(UsersOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UsersOptions>>(new DelegateValidator<UsersOptions>(o => o.Validate()));

        // Storage: the provider is read once here because it decides which context type (and migrations) to register.
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton(sp => new HostPaths(sp.GetRequiredService<IOptions<StorageOptions>>().Value, contentRoot));
        if (storage.Provider == StorageProvider.PostgreSql)
        {
            services.AddDbContextFactory<PostgresSentiMailDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<HostPaths>().ConnectionString));
            services.AddSingleton<IDbContextFactory<SentiMailDbContext>, DbContextFactoryAdapter<PostgresSentiMailDbContext>>();
            services.AddSingleton<IDatabaseBackupProvider, PostgresBackupProvider>();
        }
        else
        {
            services.AddDbContextFactory<SqliteSentiMailDbContext>((sp, o) => o.UseSqlite(sp.GetRequiredService<HostPaths>().ConnectionString));
            services.AddSingleton<IDbContextFactory<SentiMailDbContext>, DbContextFactoryAdapter<SqliteSentiMailDbContext>>();
            services.AddSingleton<IDatabaseBackupProvider, SqliteBackupProvider>();
        }

        // Identity's stores want a scoped context.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SentiMailDbContext>>().CreateDbContext());
        services.AddSingleton(sp => RawMessageKeyRing.Load(
            sp.GetRequiredService<IOptions<RawMessageEncryptionOptions>>().Value,
            sp.GetRequiredService<HostPaths>().DataDirectory,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RawMessageKeyRing).FullName!)));
        services.AddSingleton<EfAnalysisStore>();
        services.AddSingleton<IAnalysisStore>(sp => sp.GetRequiredService<EfAnalysisStore>());
        services.AddSingleton<IApiKeyStore, EfApiKeyStore>();
        services.AddSingleton<RawMessageRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RawMessageRetentionService>());
        services.AddSingleton<BackupManager>();
        services.AddHostedService<BackupSchedulerService>();

        // Users: Identity with password rules and lockout (section Identity overrides these defaults).
        services.AddIdentityCore<SentiMailUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B): passphrases are welcome.
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 6;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SentiMailDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.Configure<IdentityOptions>(configuration.GetSection("Identity"));
        services.AddScoped<UserAdministration>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<SignInThrottle>();
        // The keys that protect sign-in cookies live in the database: they survive restarts and every replica shares them.
        services.AddDataProtection().SetApplicationName("SentiMail").PersistKeysToDbContext<SentiMailDbContext>();

        // Authentication: an API key when the request carries one, else Identity's cookie. Challenges answer 401 with
        // WWW-Authenticate: ApiKey; the web UI's pages use the cookie alone and send visitors to /signin (Web/WebUiSetup.cs).
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectorScheme;
                o.DefaultChallengeScheme = ApiKeyDefaults.AuthenticationScheme;
                o.DefaultForbidScheme = ApiKeyDefaults.AuthenticationScheme;
            })
            .AddPolicyScheme(SelectorScheme, "API key or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 || context.Request.Headers.ContainsKey("X-Api-Key")
                    ? ApiKeyDefaults.AuthenticationScheme
                    : IdentityConstants.ApplicationScheme)
            .AddApiKey()
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "SentiMail.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = configuration.GetValue("Authentication:CookieSecurePolicy", CookieSecurePolicy.SameAsRequest);
            o.ExpireTimeSpan = configuration.GetValue("Authentication:CookieLifetime", TimeSpan.FromHours(8));
            o.SlidingExpiration = true;
            o.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden),
            };
        });
        services.AddSentiMailAuthorization();

        // The API and its protections, from configuration.
        services.AddSentiMailApiKeys(o => configuration.GetSection("ApiKeys").Bind(o));
        services.AddSentiMailApi(o =>
        {
            o.KeepRawMessage = true;
            configuration.GetSection("Api").Bind(o);
        });
        services.AddSentiMailRateLimiting(o => configuration.GetSection("RateLimiting").Bind(o));
        services.AddSentiMailSecurityHeaders(o => configuration.GetSection("SecurityHeaders").Bind(o));
        services.AddSentiMailForwardedHeaders(o => configuration.GetSection("ForwardedHeaders").Bind(o));
        services.AddSentiMailHostProtection(configuration);

        // The learned spam model (SentiMail.MachineLearning), off unless Model:Enabled; the other keys of the section
        // are SpamModelOptions (ModelPath for an own model, relative to the content root like the host's other
        // files). Its file is loaded and checked at start-up: a missing or damaged one stops the host with the reason.
        var model = configuration.GetSection("Model");
        if (model.GetValue<bool>("Enabled"))
        {
            services.AddSentiMail().AddMachineLearning(o =>
            {
                // Every key but Enabled is an option; a misspelt one (MaxRasie) stops the host at start, where
                // HostConfigurationCheck reads every section of the host (Program.cs).
                model.Bind(o);
                if (!string.IsNullOrWhiteSpace(o.ModelPath))
                {
                    o.ModelPath = Path.GetFullPath(o.ModelPath, contentRoot);
                }
            });
        }

        // Kubernetes probes: live, ready (engine warmed up, store answers, not draining), startup; drain on SIGTERM.
        services.AddSentiMailProbes(o => configuration.GetSection("Probes").Bind(o))
            .AddReadinessCheck("store", async (sp, ct) =>
            {
                await using var db = await sp.GetRequiredService<IDbContextFactory<SentiMailDbContext>>().CreateDbContextAsync(ct).ConfigureAwait(false);
                return await db.Database.CanConnectAsync(ct).ConfigureAwait(false);
            });

        // The web UI: sign-in, upload, results and history (Web/).
        builder.AddSentiMailWebUi();
        return builder;
    }

    /// <summary>Applies migrations, creates the roles and the initial administrator, and loads the encryption keys.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="cancellationToken">Cancels the initialization.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    public static async Task InitializeSentiMailHostAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostSetup).FullName!);
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var paths = services.GetRequiredService<HostPaths>();
        RawMessageKeyRing.CreatePrivateDirectory(paths.DataDirectory);
        _ = services.GetRequiredService<RawMessageProtector>();
        if (options.MigrateAtStartup)
        {
            await MigrateAsync(services, cancellationToken).ConfigureAwait(false);
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        await users.EnsureRolesAsync().ConfigureAwait(false);
        if (!await users.AnyAdministratorAsync().ConfigureAwait(false))
        {
            var initial = services.GetRequiredService<IOptions<UsersOptions>>().Value;
            if (!string.IsNullOrWhiteSpace(initial.InitialAdminEmail) && !string.IsNullOrEmpty(initial.InitialAdminPassword))
            {
                await users.CreateAsync(initial.InitialAdminEmail, initial.InitialAdminPassword, SentiMailRoles.Admin).ConfigureAwait(false);
                HostLog.InitialAdminCreated(logger, initial.InitialAdminEmail);
            }
            else
            {
                HostLog.NoAdministrator(logger);
            }
        }
    }

    /// <summary>Applies pending migrations (and, for SQLite, turns on write-ahead logging).</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostSetup).FullName!);
        var factory = services.GetRequiredService<IDbContextFactory<SentiMailDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        if (pending.Count > 0)
        {
            HostLog.MigrationsApplied(logger, db.Database.ProviderName ?? "?", string.Join(", ", pending));
        }
    }

    /// <summary>Adds the middleware and endpoints of the host, in order.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication UseSentiMailHost(this WebApplication app)
    {
        // Forwarded headers first, so that a trusted proxy's X-Forwarded-Proto counts for the HTTPS checks.
        app.UseForwardedHeaders();
        app.UseSentiMailHostProtection();
        app.UseSentiMailTls();
        app.UseSentiMailSecurityHeaders();
        // The UI's static files and error pages come before routing, so that an error page re-runs it.
        app.UseSentiMailWebUi();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapSentiMail("/api/v1").RequireSentiMailRateLimit();
        app.MapSentiMailApiKeys();
        app.MapSentiMailHostAccounts();
        app.MapSentiMailProbes();
        app.MapSentiMailMetrics();
        app.MapSentiMailWebUi();
        return app;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    private sealed class DelegateValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
