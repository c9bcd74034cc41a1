using System.Collections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace SentiMail.Deploy.Tests.CrowdSec;

/// <summary>Log lines as the host writes them: the .NET JSON console formatter ("json"), with the timestamp settings
/// of deploy/kubernetes/configmap.yaml, for structured state shaped like the LoggerMessage-generated events.</summary>
internal sealed class JsonLogLines : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly ConsoleFormatter _formatter;

    public JsonLogLines(string timestampFormat)
    {
        _services = new ServiceCollection()
            .AddLogging(b => b.AddJsonConsole(o =>
            {
                o.TimestampFormat = timestampFormat;
                o.UseUtcTimestamp = true;
            }))
            .BuildServiceProvider();
        _formatter = _services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
    }

    /// <summary>One line; <paramref name="template"/> uses <c>{Name}</c> holes filled from <paramref name="values"/> in order.</summary>
    public string Line(int eventId, string category, LogLevel level, string template, params (string Name, object? Value)[] values)
    {
        var state = new TemplateState(template, values);
        using var writer = new StringWriter();
        _formatter.Write(new LogEntry<TemplateState>(level, category, new EventId(eventId), state, null, (s, _) => s.ToString()), scopeProvider: null, writer);
        return writer.ToString().TrimEnd('\r', '\n');
    }

    public void Dispose() => _services.Dispose();

    private sealed class TemplateState(string template, (string Name, object? Value)[] values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => values.Length + 1;

        public KeyValuePair<string, object?> this[int index] =>
            index < values.Length ? new(values[index].Name, values[index].Value) : new("{OriginalFormat}", template);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString()
        {
            var text = template;
            foreach (var (name, value) in values)
            {
                text = text.Replace("{" + name + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            return text;
        }
    }
}
