using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests.Model;

/// <summary>The learned spam model in the host: off by default, on from configuration, and a bad model file stops the
/// host at start-up instead of giving verdicts without it.</summary>
public sealed class SpamModelHostTests
{
    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task ByDefault_TheReportHasNoModelSignal()
    {
        await using var factory = new HostFactory();

        var report = await SubmitAsync(factory, "model-off");

        Assert.DoesNotContain(Signals(report), id => id == "model.spam");
    }

    [Fact]
    public async Task ModelEnabled_AddsTheModelSignalToEveryReport()
    {
        await using var factory = new HostFactory();
        factory.Settings["Model:Enabled"] = "true";
        factory.Settings["Model:BoundModernMail"] = "false";
        factory.Settings["Model:OperatingPoint"] = "0.9";

        var report = await SubmitAsync(factory, "model-on");

        Assert.Contains(Signals(report), id => id == "model.spam");

        // The rest of the section configures the model's bounds.
        var options = factory.Services.GetRequiredService<IOptions<SentiMail.MachineLearning.SpamModelOptions>>().Value;
        Assert.False(options.BoundModernMail);
        Assert.Equal(0.9, options.OperatingPoint);
    }

    [Theory]
    [InlineData("missing.zip", "cannot be read")]
    [InlineData("damaged.zip", "is not a valid SentiMail model")]
    public async Task ModelFileMissingOrDamaged_StopsTheHostAtStartWithTheReason(string name, string reason)
    {
        await using var factory = new HostFactory();
        var path = Path.Combine(factory.DataDirectory.FullName, name);
        if (name == "damaged.zip")
        {
            await File.WriteAllTextAsync(path, "not a model");
        }

        factory.Settings["Model:Enabled"] = "true";
        factory.Settings["Model:ModelPath"] = path;

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains(name, validation.Message, StringComparison.Ordinal);
        Assert.Contains(reason, validation.Message, StringComparison.Ordinal);

        // Checked before the store is set up: nothing was written into the data directory.
        Assert.Equal(name == "damaged.zip" ? [path] : [], factory.DataDirectory.EnumerateFileSystemInfos().Select(f => f.FullName));
    }

    [Fact]
    public async Task AMisspeltModelOption_StopsTheHostAtStartInsteadOfBeingIgnored()
    {
        await using var factory = new HostFactory();
        factory.Settings["Model:Enabled"] = "true";
        factory.Settings["Model:MaxRasie"] = "10";

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var messages = string.Join(" | ", Exceptions(error).Select(e => e.Message));
        Assert.Contains("Model:MaxRasie is not an option", messages, StringComparison.Ordinal);
        Assert.Contains("MaxRaise", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelOptionsFromConfiguration_IncludingLists_AreBound()
    {
        await using var factory = new HostFactory();
        factory.Settings["Model:Enabled"] = "true";
        factory.Settings["Model:MaxLower"] = "12";
        factory.Settings["Model:StrongEvidenceSignals:0"] = "custom.always-malicious";

        var report = await SubmitAsync(factory, "model-bound");

        Assert.Contains(Signals(report), id => id == "model.spam");
        var options = factory.Services.GetRequiredService<IOptions<SentiMail.MachineLearning.SpamModelOptions>>().Value;
        Assert.Equal(12, options.MaxLower);
        Assert.Contains("custom.always-malicious", options.StrongEvidenceSignals);
        Assert.Contains("brand.display-name-impersonation", options.StrongEvidenceSignals);
    }

    [Fact]
    public async Task ARelativeModelPath_IsTakenFromTheContentRoot_LikeTheHostsOtherFiles()
    {
        await using var factory = new HostFactory();
        var root = Directory.CreateTempSubdirectory("sentimail-host-root-").FullName;
        var models = Directory.CreateDirectory(Path.Combine(root, "models")).FullName;
        await using (var embedded = typeof(SentiMail.MachineLearning.Model.SpamModel).Assembly.GetManifestResourceStream("SentiMail.MachineLearning.sentimail-spam-model.zip")!)
        await using (var copy = File.Create(Path.Combine(models, "own.model.zip")))
        {
            await embedded.CopyToAsync(copy);
        }

        factory.Settings["contentRoot"] = root;
        factory.Settings["Model:Enabled"] = "true";
        factory.Settings["Model:ModelPath"] = Path.Combine("models", "own.model.zip");

        var report = await SubmitAsync(factory, "model-relative");

        Assert.Contains(Signals(report), id => id == "model.spam");
        Assert.Equal(root, factory.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>().ContentRootPath.TrimEnd('/'));
        Assert.Equal(Path.Combine(models, "own.model.zip"), factory.Services.GetRequiredService<SentiMail.MachineLearning.Model.SpamModel>().Source);
    }

    private static async Task<JsonElement> SubmitAsync(HostFactory factory, string marker)
    {
        var userId = await factory.CreateUserAsync(marker + "@example.org", "analyst passphrase one");
        var (key, _) = await factory.CreateKeyAsync(userId);
        using var client = factory.CreateKeyClient(key);
        using var content = new ByteArrayContent(Samples.RawMessage(marker));
        content.Headers.ContentType = new("message/rfc822");
        using var response = await client.PostAsync(U("/api/v1/analyses"), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static IEnumerable<Exception> Exceptions(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            yield return error;
        }
    }

    private static IEnumerable<string?> Signals(JsonElement analysis) =>
        analysis.GetProperty("signals").EnumerateArray().Select(s => s.GetProperty("id").GetString());
}
