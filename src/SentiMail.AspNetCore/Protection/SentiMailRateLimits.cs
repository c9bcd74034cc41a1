namespace SentiMail.AspNetCore.Protection;

/// <summary>The names of the rate-limiting policies registered by <c>AddSentiMailRateLimiting()</c>.</summary>
public static class SentiMailRateLimits
{
    /// <summary>The policy for submitting messages, <c>SentiMail.Submit</c>: partitioned per API key, else per user,
    /// else per client IP (the anonymous quota).</summary>
    public const string Submit = "SentiMail.Submit";
}
