using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>Validates <see cref="CrowdSecWatcherOptions"/>, listing every error.</summary>
internal sealed class CrowdSecWatcherOptionsValidator : IValidateOptions<CrowdSecWatcherOptions>
{
    public ValidateOptionsResult Validate(string? name, CrowdSecWatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.LapiUrl is null)
        {
            errors.Add("CrowdSecWatcherOptions.LapiUrl is required (for example http://127.0.0.1:8080/).");
        }
        else if (!options.LapiUrl.IsAbsoluteUri || (options.LapiUrl.Scheme != Uri.UriSchemeHttp && options.LapiUrl.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"CrowdSecWatcherOptions.LapiUrl must be an absolute http or https address; got '{options.LapiUrl}'.");
        }

        CheckToken(errors, nameof(options.MachineId), options.MachineId, "cscli machines add <id> --password <pw>");
        if (string.IsNullOrEmpty(options.Password))
        {
            errors.Add("CrowdSecWatcherOptions.Password is required (cscli machines add <id> --password <pw>).");
        }

        CheckToken(errors, nameof(options.Scenario), options.Scenario, "for example sentimail/abuse");
        if (options.Scenario is { Length: > 128 })
        {
            errors.Add($"CrowdSecWatcherOptions.Scenario must be at most 128 characters; got {options.Scenario.Length}.");
        }

        CheckRange(errors, nameof(options.Threshold), options.Threshold, 1, 1_000_000);
        CheckRange(errors, nameof(options.Window), options.Window, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        CheckRange(errors, nameof(options.BanDuration), options.BanDuration, TimeSpan.FromMinutes(1), TimeSpan.FromDays(365));
        CheckRange(errors, nameof(options.QueueCapacity), options.QueueCapacity, 1, 1_000_000);
        CheckRange(errors, nameof(options.FlushInterval), options.FlushInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        CheckRange(errors, nameof(options.MaxTrackedAddresses), options.MaxTrackedAddresses, 1, 10_000_000);
        if ((options.ReportedEvents & ~CrowdSecReportedEvents.All) != 0)
        {
            errors.Add($"CrowdSecWatcherOptions.ReportedEvents has unknown flags: {(int)options.ReportedEvents}.");
        }

        CheckRange(errors, nameof(options.RequestTimeout), options.RequestTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5));

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckToken(List<string> errors, string name, string? value, string hint)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"CrowdSecWatcherOptions.{name} is required ({hint}).");
        }
        else if (value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.Add($"CrowdSecWatcherOptions.{name} must not contain spaces or control characters.");
        }
    }

    private static void CheckRange<T>(List<string> errors, string name, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            errors.Add($"CrowdSecWatcherOptions.{name} must be between {min} and {max}; got {value}.");
        }
    }
}
