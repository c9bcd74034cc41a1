using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.AspNetCore.CrowdSec;
using SentiMail.AspNetCore.Protection;
using SentiMail.Host.Backups;
using SentiMail.Host.Encryption;
using SentiMail.Host.Observability;
using SentiMail.Host.Protection;
using SentiMail.Host.Storage;
using SentiMail.Host.Tls;
using SentiMail.Host.Users;
using SentiMail.Host.Web;
using SentiMail.Kubernetes;
using SentiMail.MachineLearning;

namespace SentiMail.Host;

/// <summary>
/// Checks at start that every key of the host's own configuration sections names an option: a misspelt key
/// (<c>Storage:DataDirectroy</c>, <c>Backup:Kepe</c>) stops the host with its name instead of being silently ignored
/// while the default applies. Sections that belong to ASP.NET Core or to the logging (<c>Logging</c>, <c>Kestrel</c>,
/// <c>Authentication</c>) are not checked.
/// </summary>
internal static class HostConfigurationCheck
{
    /// <summary>The sections checked: the options type each is bound to, and keys it may hold besides.</summary>
    internal static readonly IReadOnlyList<(string Section, Type OptionsType, string[] OtherKeys)> Sections =
    [
        (StorageOptions.SectionName, typeof(StorageOptions), []),
        (BackupOptions.SectionName, typeof(BackupOptions), []),
        (RawMessageEncryptionOptions.SectionName, typeof(RawMessageEncryptionOptions), []),
        (UsersOptions.SectionName, typeof(UsersOptions), []),
        ("Identity", typeof(IdentityOptions), []),
        ("ApiKeys", typeof(ApiKeyOptions), []),
        ("Api", typeof(SentiMailApiOptions), []),
        ("RateLimiting", typeof(SentiMailRateLimitOptions), []),
        ("SecurityHeaders", typeof(SentiMailSecurityHeadersOptions), []),
        ("ForwardedHeaders", typeof(SentiMailForwardedHeadersOptions), []),
        (HostProtection.IpRulesSection, typeof(SentiMailIpRuleOptions), []),
        (HostProtection.BouncerSection, typeof(CrowdSecBouncerOptions), []),
        (HostProtection.WatcherSection, typeof(CrowdSecWatcherOptions), []),
        ("Model", typeof(SpamModelOptions), ["Enabled"]),
        ("Probes", typeof(SentiMailProbeOptions), []),
        (SentiMailTlsOptions.SectionName, typeof(SentiMailTlsOptions), []),
        (WebUiOptions.SectionName, typeof(WebUiOptions), []),
        (MetricsEndpointOptions.SectionName, typeof(MetricsEndpointOptions), []),
    ];

    /// <summary>Lists the problems of the configuration's checked sections: keys that name no option (at any depth), and
    /// values that do not convert to their option's type.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>One line per problem; empty when every key is understood.</returns>
    public static IReadOnlyList<string> FindProblems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        foreach (var (name, type, otherKeys) in Sections)
        {
            var section = configuration.GetSection(name);
            if (!section.Exists())
            {
                continue;
            }

            var before = problems.Count;
            FindUnknownKeys(section, type, otherKeys, problems);
            if (problems.Count > before)
            {
                continue;
            }

            try
            {
                // Every key is known: binding shows the values that do not convert, with their full path.
                section.Bind(Activator.CreateInstance(type)!);
            }
            catch (InvalidOperationException e)
            {
                problems.Add(e.Message);
            }
        }

        return problems;
    }

    /// <summary>Throws when <see cref="FindProblems"/> finds any, listing them all.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <exception cref="OptionsValidationException">A key names no option or a value does not convert.</exception>
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        var problems = FindProblems(configuration);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException("Configuration", typeof(IConfiguration), problems);
        }
    }

    private static void FindUnknownKeys(IConfigurationSection section, Type type, string[] otherKeys, List<string> problems)
    {
        foreach (var child in section.GetChildren())
        {
            if (otherKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var property = Array.Find(type.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => p.Name.Equals(child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var known = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Concat(otherKeys).Order(StringComparer.Ordinal);
                problems.Add($"{child.Path} is not an option (the keys of {section.Path} are: {string.Join(", ", known)})");
                continue;
            }

            FindUnknownKeysInValue(child, property.PropertyType, problems);
        }
    }

    private static void FindUnknownKeysInValue(IConfigurationSection section, Type type, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!section.GetChildren().Any())
        {
            // A plain value: converting it is the binder's part.
            return;
        }

        if (TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string)))
        {
            // The option takes one value; the binder would drop the keys below it without a word.
            problems.AddRange(section.GetChildren().Select(child => $"{child.Path} is not an option ({section.Path} takes a single value)"));
            return;
        }

        if (ElementType(type) is { } element)
        {
            foreach (var item in section.GetChildren())
            {
                FindUnknownKeysInValue(item, element, problems);
            }

            return;
        }

        FindUnknownKeys(section, type, [], problems);
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var interfaces = type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces();
        var dictionary = interfaces.FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            ?? interfaces.FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        var enumerable = interfaces.FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }
}
