// A user's first program with SentiMail.Core, built by eng/check-packages.sh against the packed package.
using Microsoft.Extensions.DependencyInjection;
using SentiMail;
using SentiMail.Scoring;

using var provider = new ServiceCollection().AddSentiMail().Services.BuildServiceProvider();
var analyzer = provider.GetRequiredService<IEmailAnalyzer>();

var phishing = await analyzer.AnalyzeFileAsync(args[0]);
var clean = await analyzer.AnalyzeFileAsync(args[1]);
Console.WriteLine($"{Path.GetFileName(args[0])}: {phishing.Verdict} ({phishing.Score}), {phishing.Signals.Count} signals");
Console.WriteLine($"{Path.GetFileName(args[1])}: {clean.Verdict} ({clean.Score})");
return phishing.Verdict == Verdict.Malicious && clean.Verdict == Verdict.Clean ? 0 : 1;
