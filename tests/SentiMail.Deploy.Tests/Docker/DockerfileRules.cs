using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SentiMail.Deploy.Tests.Docker;

/// <summary>Static rules for the image; each returns the problems found.</summary>
internal static partial class DockerfileRules
{
    public static IEnumerable<string> Problems(Dockerfile file)
    {
        if (file.Stages.Count < 2)
        {
            yield return "not multi-stage";
            yield break;
        }

        var final = file.Stages[^1];
        if (!final.Image.Contains("/dotnet/aspnet:", StringComparison.Ordinal) && !final.Image.Contains("/dotnet/runtime-deps:", StringComparison.Ordinal))
        {
            yield return $"runtime stage is based on {final.Image}, not a .NET runtime image";
        }

        if (final.Image.Contains("/dotnet/sdk:", StringComparison.Ordinal))
        {
            yield return "runtime stage is the SDK";
        }

        if (final.All("RUN").Any())
        {
            yield return "RUN in the runtime stage (the chiseled image has no shell)";
        }

        foreach (var add in file.Instructions.Where(i => i.Keyword == "ADD"))
        {
            if (UrlPattern().IsMatch(add.Arguments))
            {
                yield return "ADD of a URL: " + add.Arguments;
            }
        }

        var user = final.All("USER").LastOrDefault()?.Arguments;
        if (user is null || !NumericUser().IsMatch(user))
        {
            yield return $"USER of the runtime stage is '{user}', not a numeric UID[:GID]";
        }
        else if (Uid(file) == 0)
        {
            yield return "USER is root";
        }

        var entrypoint = final.All("ENTRYPOINT").LastOrDefault()?.Arguments;
        if (entrypoint is null || ExecForm(entrypoint) is null)
        {
            yield return $"ENTRYPOINT is not in exec form: {entrypoint}";
        }

        if (final.All("CMD").Any(c => ExecForm(c.Arguments) is null))
        {
            yield return "CMD in shell form";
        }
    }

    /// <summary>The UID of the last USER of the runtime stage.</summary>
    public static int Uid(Dockerfile file) =>
        int.Parse(file.Stages[^1].All("USER").Last().Arguments.Split(':')[0], CultureInfo.InvariantCulture);

    /// <summary>The arguments of an exec-form (JSON array) instruction, or null for shell form.</summary>
    public static IReadOnlyList<string>? ExecForm(string arguments)
    {
        if (!arguments.StartsWith('['))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(arguments);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IReadOnlySet<int> ExposedPorts(Dockerfile file) =>
        file.Stages[^1].All("EXPOSE")
            .SelectMany(e => e.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.Parse(p.Split('/')[0], CultureInfo.InvariantCulture))
            .ToHashSet();

    /// <summary>ENV of the runtime stage (both <c>KEY=value</c> pairs and the old <c>KEY value</c> form).</summary>
    public static IReadOnlyDictionary<string, string> Environment(Dockerfile file)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var env in file.Stages[^1].All("ENV"))
        {
            if (!env.Arguments.Contains('=', StringComparison.Ordinal))
            {
                var parts = env.Arguments.Split(' ', 2);
                result[parts[0]] = parts.Length > 1 ? parts[1] : "";
                continue;
            }

            foreach (Match m in EnvPair().Matches(env.Arguments))
            {
                result[m.Groups[1].Value] = m.Groups[2].Value.Trim('"');
            }
        }

        return result;
    }

    public static IReadOnlySet<string> Volumes(Dockerfile file) =>
        file.Stages[^1].All("VOLUME")
            .SelectMany(v => ExecForm(v.Arguments) ?? v.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"(^|\s)(https?|ftp)://", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"^\d+(:\d+)?$")]
    private static partial Regex NumericUser();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(""[^""]*""|\S*)")]
    private static partial Regex EnvPair();
}
