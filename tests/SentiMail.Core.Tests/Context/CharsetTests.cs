using System.Text;

namespace SentiMail.Tests.Context;

public sealed class CharsetTests
{
    [Theory]
    [InlineData("windows-1252", "Votre compte sera suspendu \u2019 \u20AC \u0153uvre")]
    [InlineData("koi8-r", "\u0412\u0430\u0448 \u0430\u043A\u043A\u0430\u0443\u043D\u0442")]
    public async Task AnalyzeAsync_LegacyCharset_DecodesTheBody(string charset, string text)
    {
        var encoding = CodePagesEncodingProvider.Instance.GetEncoding(charset) ?? Encoding.GetEncoding(charset);
        var head = Encoding.ASCII.GetBytes(
            $"From: a@example.org\r\nTo: b@example.org\r\nSubject: charset\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        byte[] message = [.. head, .. encoding.GetBytes(text), 13, 10];
        var engine = EmailAnalyzer.CreateDefault();
        var captured = new List<string>();

        var analyzer = new EmailAnalyzer(
            [new CapturingAnalyzer(captured)],
            Microsoft.Extensions.Options.Options.Create(new SentiMailOptions()),
            engine.Rules);
        await analyzer.AnalyzeAsync(message);

        Assert.Contains(text, Assert.Single(captured), StringComparison.Ordinal);
    }

    private sealed class CapturingAnalyzer(List<string> captured) : SentiMail.Analyzers.IMessageAnalyzer
    {
        public string Name => "capture";

        public IReadOnlyList<SentiMail.Signals.SignalDefinition> Signals => [];

        public ValueTask AnalyzeAsync(SentiMail.Context.AnalysisContext context, SentiMail.Signals.SignalCollector signals, CancellationToken cancellationToken)
        {
            captured.Add(context.TextBody);
            return ValueTask.CompletedTask;
        }
    }
}
