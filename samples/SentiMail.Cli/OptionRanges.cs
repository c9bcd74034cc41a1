using System.CommandLine;
using System.Globalization;

namespace SentiMail.Cli;

/// <summary>Range checks for whole-number options.</summary>
internal static class OptionRanges
{
    /// <summary>Makes the parser refuse a value of <paramref name="option"/> outside <paramref name="min"/> to
    /// <paramref name="max"/>, with a message naming the option.</summary>
    /// <param name="option">The option.</param>
    /// <param name="min">The smallest value allowed.</param>
    /// <param name="max">The largest value allowed.</param>
    public static void Require(Option<int> option, int min, int max) => option.Validators.Add(result =>
    {
        // A value that is not a number is already a parse error (reading it here would throw); no value is the default.
        if (result.Tokens.Count == 0 || !int.TryParse(result.Tokens[^1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return;
        }

        if (value < min || value > max)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be between {min} and {max}."));
        }
    });
}
