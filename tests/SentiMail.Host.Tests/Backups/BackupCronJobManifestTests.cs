using SentiMail.Host.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace SentiMail.Host.Tests.Backups;

/// <summary>The Kubernetes CronJob that backs up PostgreSQL: parsed and checked for what the deployment guide promises.</summary>
public sealed class BackupCronJobManifestTests
{
    [Fact]
    public void CronJob_RunsDailyPgDumpInCustomFormat_AsNonRoot_WithoutOverlap()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "deploy", "kubernetes", "backup-cronjob.yaml");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        Assert.Equal("batch/v1", Scalar(root, "apiVersion"));
        Assert.Equal("CronJob", Scalar(root, "kind"));
        var spec = Map(root, "spec");
        Assert.Equal("0 2 * * *", Scalar(spec, "schedule"));
        Assert.Equal("Forbid", Scalar(spec, "concurrencyPolicy"));
        var pod = Map(Map(Map(Map(spec, "jobTemplate"), "spec"), "template"), "spec");
        Assert.Equal("true", Scalar(Map(pod, "securityContext"), "runAsNonRoot"));
        var container = (YamlMappingNode)((YamlSequenceNode)pod.Children[new YamlScalarNode("containers")]).Children.Single();
        Assert.Equal("false", Scalar(Map(container, "securityContext"), "allowPrivilegeEscalation"));
        Assert.Equal("true", Scalar(Map(container, "securityContext"), "readOnlyRootFilesystem"));
        var script = string.Join("\n", ((YamlSequenceNode)container.Children[new YamlScalarNode("args")]).Children.Select(n => ((YamlScalarNode)n).Value));
        Assert.Contains("pg_dump --format=custom", script, StringComparison.Ordinal);
        Assert.Contains("pg_restore --list", script, StringComparison.Ordinal);
        Assert.Contains("sha256sum", script, StringComparison.Ordinal);
        // The password comes from a Secret, never from the manifest.
        var env = ((YamlSequenceNode)container.Children[new YamlScalarNode("env")]).Children.Cast<YamlMappingNode>();
        var password = env.Single(e => Scalar(e, "name") == "PGPASSWORD");
        Assert.False(password.Children.ContainsKey(new YamlScalarNode("value")));
        Assert.Equal("sentimail-postgres", Scalar(Map(Map(password, "valueFrom"), "secretKeyRef"), "name"));
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value;
}
