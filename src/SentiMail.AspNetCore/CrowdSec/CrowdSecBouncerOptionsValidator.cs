using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>Validates <see cref="CrowdSecBouncerOptions"/>, listing every error.</summary>
internal sealed class CrowdSecBouncerOptionsValidator : IValidateOptions<CrowdSecBouncerOptions>
{
    public ValidateOptionsResult Validate(string? name, CrowdSecBouncerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.LapiUrl is null)
        {
            errors.Add("CrowdSecBouncerOptions.LapiUrl is required (for example http://127.0.0.1:8080/).");
        }
        else if (!options.LapiUrl.IsAbsoluteUri || (options.LapiUrl.Scheme != Uri.UriSchemeHttp && options.LapiUrl.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"CrowdSecBouncerOptions.LapiUrl must be an absolute http or https address; got '{options.LapiUrl}'.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            errors.Add("CrowdSecBouncerOptions.ApiKey is required (cscli bouncers add <name>).");
        }
        else if (options.ApiKey.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.Add("CrowdSecBouncerOptions.ApiKey must not contain spaces or control characters.");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            errors.Add($"CrowdSecBouncerOptions.Mode must be Live or Stream; got {(int)options.Mode}.");
        }

        CheckRange(errors, nameof(options.CacheDuration), options.CacheDuration, TimeSpan.Zero, TimeSpan.FromHours(1));
        CheckRange(errors, nameof(options.StreamInterval), options.StreamInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        CheckRange(errors, nameof(options.RequestTimeout), options.RequestTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30));
        CheckRange(errors, nameof(options.StreamRequestTimeout), options.StreamRequestTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5));
        CheckRange(errors, nameof(options.CacheSize), options.CacheSize, 1, 1_000_000);
        CheckRange(errors, nameof(options.MaxStreamDecisions), options.MaxStreamDecisions, 1, 10_000_000);
        CheckRange(errors, nameof(options.BlockStatusCode), options.BlockStatusCode, 400, 599);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckRange<T>(List<string> errors, string name, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            errors.Add($"CrowdSecBouncerOptions.{name} must be between {min} and {max}; got {value}.");
        }
    }
}
