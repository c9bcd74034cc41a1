using System.Text;

namespace SentiMail.Deploy.Tests.Docker;

/// <summary>A Dockerfile split into instructions and stages: comments and parser directives dropped, line
/// continuations joined. Enough for static checks; not a full BuildKit front end.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<Instruction> instructions)
    {
        Instructions = instructions;
        var stages = new List<Stage>();
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                var words = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var image = words.First(w => !w.StartsWith("--", StringComparison.Ordinal));
                var alias = words.Length >= 3 && string.Equals(words[^2], "AS", StringComparison.OrdinalIgnoreCase) ? words[^1] : null;
                stages.Add(new Stage(image, alias, new List<Instruction>()));
            }
            else if (stages.Count > 0)
            {
                ((List<Instruction>)stages[^1].Instructions).Add(instruction);
            }
        }

        Stages = stages;
    }

    public IReadOnlyList<Instruction> Instructions { get; }

    public IReadOnlyList<Stage> Stages { get; }

    public static Dockerfile Parse(string text)
    {
        var instructions = new List<Instruction>();
        var current = new StringBuilder();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (current.Length == 0 && line.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current.Append(line.AsSpan(0, line.Length - 1)).Append(' ');
                continue;
            }

            current.Append(line);
            var full = current.ToString().Trim();
            current.Clear();
            if (full.Length == 0)
            {
                continue;
            }

            var space = full.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(space < 0
                ? new Instruction(full.ToUpperInvariant(), "")
                : new Instruction(full[..space].ToUpperInvariant(), full[(space + 1)..].Trim()));
        }

        return new Dockerfile(instructions);
    }
}

internal sealed record Instruction(string Keyword, string Arguments);

internal sealed record Stage(string Image, string? Alias, IReadOnlyList<Instruction> Instructions)
{
    public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);
}
