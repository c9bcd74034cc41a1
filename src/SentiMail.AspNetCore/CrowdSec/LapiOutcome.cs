namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>The result of one LAPI call: a value, or why there is none (a verdict is data, not an exception).</summary>
internal readonly record struct LapiOutcome<T>(T? Value, string? Error)
{
    public bool Succeeded => Error is null;

    public static LapiOutcome<T> Success(T? value) => new(value, null);

    public static LapiOutcome<T> Failure(string error) => new(default, error);
}
