using System.Globalization;
using SentiMail.Deploy.Tests.Infrastructure;
using SentiMail.Deploy.Tests.Kubernetes;

namespace SentiMail.Deploy.Tests.Docker;

/// <summary>The image cannot be built on the test machine (no Docker daemon, no registry): the Dockerfile is checked
/// statically here, and its runtime stage's demands (user, read-only root, volumes) by <see cref="ContainerRuntimeTests"/>.</summary>
public sealed class DockerfileTests
{
    // The host's default ports (docs/tls.md): HTTPS and the HTTP redirect.
    private const int HostHttpsPort = 8443;
    private const int HostHttpPort = 8080;

    private static readonly Lazy<Dockerfile> s_file = new(() => Dockerfile.Parse(File.ReadAllText(Repository.Deploy("docker", "Dockerfile"))));

    private static Dockerfile File_ => s_file.Value;

    [Fact]
    public void Dockerfile_PassesEveryRule()
    {
        Assert.Empty(DockerfileRules.Problems(File_));
    }

    [Fact]
    public void Stages_BuildWithTheSdk_AndRunOnTheChiseledAspNetImage_CopyingOnlyThePublishOutput()
    {
        Assert.Equal(2, File_.Stages.Count);
        var (build, runtime) = (File_.Stages[0], File_.Stages[1]);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", build.Image, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", runtime.Image, StringComparison.Ordinal);
        Assert.Contains("chiseled", runtime.Image, StringComparison.Ordinal);
        Assert.Contains(build.All("RUN"), r => r.Arguments.Contains("dotnet publish samples/SentiMail.Host/SentiMail.Host.csproj -c Release", StringComparison.Ordinal));

        var copy = Assert.Single(runtime.All("COPY"));
        Assert.Contains("--from=" + build.Alias, copy.Arguments, StringComparison.Ordinal);
        Assert.Contains("/app/publish/", copy.Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStage_CopiesOnlyFilesThatExist()
    {
        foreach (var copy in File_.Stages[0].All("COPY"))
        {
            var sources = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).SkipLast(1);
            foreach (var source in sources)
            {
                var path = Repository.File(source.TrimEnd('/'));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: not in the repository");
            }
        }
    }

    [Fact]
    public void User_IsTheNumericNonRootUidOfTheDeployment()
    {
        var uid = DockerfileRules.Uid(File_);
        Assert.NotEqual(0, uid);
        var pod = Manifests.All.Value.Deployment.Spec.Template.Spec;
        Assert.Equal(uid, pod.SecurityContext.RunAsUser);
        Assert.Equal(uid, pod.Containers[0].SecurityContext.RunAsUser);
    }

    [Fact]
    public void Entrypoint_RunsTheHostDll_InExecForm()
    {
        var entrypoint = DockerfileRules.ExecForm(File_.Stages[^1].All("ENTRYPOINT").Last().Arguments);
        Assert.Equal(["dotnet", "/app/SentiMail.Host.dll"], entrypoint);
    }

    [Fact]
    public void ExposedPorts_AreTheHostsPorts_AndIncludeTheDeploymentsContainerPort()
    {
        var exposed = DockerfileRules.ExposedPorts(File_);
        Assert.Equal(new HashSet<int> { HostHttpsPort, HostHttpPort }, exposed);
        var env = DockerfileRules.Environment(File_);
        Assert.Equal(HostHttpsPort.ToString(CultureInfo.InvariantCulture), env["SentiMail__Tls__HttpsPort"]);
        Assert.Equal(HostHttpPort.ToString(CultureInfo.InvariantCulture), env["SentiMail__Tls__HttpPort"]);
        Assert.Equal("0.0.0.0", env["SentiMail__Tls__ListenAddress"]);
        foreach (var port in Manifests.All.Value.Container.Ports)
        {
            Assert.Contains(port.ContainerPort, exposed);
        }
    }

    [Fact]
    public void WritableFolders_AreVolumes_SoTheRootFileSystemCanBeReadOnly()
    {
        var env = DockerfileRules.Environment(File_);
        var volumes = DockerfileRules.Volumes(File_);
        Assert.Contains("/tmp", volumes);
        var data = env["Storage__DataDirectory"];
        Assert.Contains(data, volumes);
        Assert.StartsWith(data + "/", env["SentiMail__Tls__SelfSignedCertificateDirectory"], StringComparison.Ordinal);
        Assert.Equal("json", env["Logging__Console__FormatterName"]);
        Assert.Empty(File_.Stages[^1].All("HEALTHCHECK"));
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputAndSecretsOutOfTheContext()
    {
        var ignored = File.ReadAllLines(Repository.File(".dockerignore")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", "artifacts/", ".git/", "**/data/", "**/*.key", "**/*.pem" }, ignored);
    }

    [Theory]
    [InlineData("USER root", "not a numeric UID")]
    [InlineData("USER 0:0", "USER is root")]
    [InlineData("USER app", "not a numeric UID")]
    [InlineData("ENTRYPOINT dotnet /app/SentiMail.Host.dll", "not in exec form")]
    [InlineData("ADD https://example.com/tool.tgz /app/", "ADD of a URL")]
    [InlineData("RUN echo hi", "RUN in the runtime stage")]
    public void Rules_CatchAWeakenedDockerfile(string line, string expected)
    {
        var text = File.ReadAllText(Repository.Deploy("docker", "Dockerfile"));
        var keyword = line.Split(' ')[0];
        var lines = text.Split('\n').ToList();
        var existing = lines.FindLastIndex(l => l.StartsWith(keyword + " ", StringComparison.Ordinal));
        if (existing >= 0 && keyword is "USER" or "ENTRYPOINT")
        {
            lines[existing] = line;
        }
        else
        {
            lines.Add(line);
        }

        var problems = DockerfileRules.Problems(Dockerfile.Parse(string.Join('\n', lines))).ToList();
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parser_JoinsContinuationsAndDropsComments()
    {
        var parsed = Dockerfile.Parse("# c\nFROM a AS b\nRUN x \\\n    y\n# z\nFROM c\nCOPY --from=b /o /o\n");
        Assert.Equal(2, parsed.Stages.Count);
        Assert.Equal("b", parsed.Stages[0].Alias);
        Assert.Equal("x  y", Assert.Single(parsed.Stages[0].All("RUN")).Arguments);
        Assert.Null(parsed.Stages[1].Alias);
    }
}
