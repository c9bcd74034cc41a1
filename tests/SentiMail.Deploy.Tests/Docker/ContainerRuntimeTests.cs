using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SentiMail.Deploy.Tests.HighAvailability;
using SentiMail.Deploy.Tests.Infrastructure;

namespace SentiMail.Deploy.Tests.Docker;

/// <summary>
/// What the image's runtime stage asks of the host, without a Docker daemon: the host published as the Dockerfile
/// publishes it (<c>dotnet publish -p:UseAppHost=false</c>, files owned by root, mode 0555), started with the runtime
/// stage's <c>ENV</c> and numeric <c>USER</c>, in a private mount namespace where every file system is read-only but
/// the data volume and the temporary folder (<c>unshare --mount</c>, <c>mount -o remount,bind,ro</c>,
/// <c>setpriv</c>). It must turn ready, analyse, keep everything it writes in the data volume, and stop cleanly on
/// SIGTERM. Needs root (mount namespaces), as the test machine has.
/// </summary>
public sealed class ContainerRuntimeTests
{
    // Every mount but the two writable folders, /proc, /sys and /dev becomes read-only; then the host runs as USER.
    private const string Sandbox = """
        set -euo pipefail
        data="$1"; tmp="$2"; user="$3"; shift 3
        mount --bind "$data" "$data"
        mount --bind "$tmp" "$tmp"
        findmnt -rn -o TARGET | while read -r target; do
          case "$target" in
            /proc|/proc/*|/sys|/sys/*|/dev|/dev/*|"$data"|"$tmp") ;;
            *) mount -o remount,bind,ro "$target" ;;
          esac
        done
        if touch /.sentimail-write-probe 2>/dev/null; then echo "the root file system is still writable" >&2; exit 97; fi
        exec setpriv --reuid="${user%%:*}" --regid="${user##*:}" --clear-groups --inh-caps=-all --bounding-set=-all -- "$@"
        """;

    [Fact]
    public async Task PublishedHost_RunsAsTheImageUser_OnAReadOnlyRootFileSystem_WritingOnlyItsVolumes()
    {
        var dockerfile = Dockerfile.Parse(await File.ReadAllTextAsync(Repository.Deploy("docker", "Dockerfile")));
        var environment = new Dictionary<string, string>(DockerfileRules.Environment(dockerfile), StringComparer.Ordinal);
        var user = dockerfile.Stages[^1].All("USER").Last().Arguments.Trim();
        Assert.Matches("^[0-9]+:[0-9]+$", user);
        Assert.Equal("/var/lib/sentimail", environment["Storage__DataDirectory"]);
        var uid = int.Parse(user.Split(':')[0], CultureInfo.InvariantCulture);
        var gid = int.Parse(user.Split(':')[1], CultureInfo.InvariantCulture);
        Assert.NotEqual(0, uid);
        ExternalProcess.Require("unshare", "util-linux");
        ExternalProcess.Require("setpriv", "util-linux");

        // Not under /tmp: the folders are bind-mounted onto themselves and everything else turns read-only.
        var root = Repository.File("artifacts", "container-runtime", Guid.NewGuid().ToString("N"));
        var app = Path.Combine(root, "app");
        var data = Path.Combine(root, "data");
        var tmp = Path.Combine(root, "tmp");
        try
        {
            // The Dockerfile's publish, from the build this test project depends on.
            var publish = await ExternalProcess.RunAsync(
                "dotnet",
                ["publish", Repository.File("samples", "SentiMail.Host", "SentiMail.Host.csproj"), "-c", "Release", "--no-build", "--nologo", "-p:UseAppHost=false", "-o", app],
                TimeSpan.FromMinutes(5));
            Assert.True(publish.ExitCode == 0, publish.Output);
            // As the Dockerfile does: a data folder left in the build output by a local run is not shipped.
            if (Directory.Exists(Path.Combine(app, "data")))
            {
                Directory.Delete(Path.Combine(app, "data"), recursive: true);
            }

            // COPY --chown=0:0 --chmod=0555; the volumes belong to the image user (as an fsGroup or a chown gives them).
            await Run("chmod", "-R", "0555", app);
            foreach (var folder in new[] { data, tmp })
            {
                Directory.CreateDirectory(folder);
                await Run("chown", $"{uid}:{gid}", folder);
                await Run("chmod", "0700", folder);
            }

            await Run("chmod", "0755", root, Path.GetDirectoryName(root)!);
            var appFilesBefore = Listing(app);

            // The image's ENV, with the volumes where this test mounted them and the ports free on 127.0.0.1.
            environment["Storage__DataDirectory"] = data;
            environment["SentiMail__Tls__SelfSignedCertificateDirectory"] = Path.Combine(data, "tls");
            environment["SentiMail__Tls__ListenAddress"] = "127.0.0.1";
            environment["SentiMail__Tls__HttpPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
            environment["TMPDIR"] = tmp;
            environment["HOME"] = app; // read-only, like the image user's home on a read-only root
            environment["Api__AllowAnonymousSubmit"] = "true";
            environment["Backup__Enabled"] = "false";

            // With the learned spam model on, so that loading it is tried on the read-only root too.
            environment["Model__Enabled"] = "true";

            var port = FreePort.Next();
            using var host = await HostProcess.StartAsync("container", port, certificateThumbprint: null, environment, info =>
            {
                var dll = Path.Combine(app, "SentiMail.Host.dll");
                info.FileName = "unshare";
                info.ArgumentList.Clear();
                foreach (var argument in new[] { "--mount", "--propagation", "private", "bash", "-c", Sandbox, "sandbox", data, tmp, user, "dotnet", dll })
                {
                    info.ArgumentList.Add(argument);
                }

                info.WorkingDirectory = app; // WORKDIR /app: the content root
            });

            // unshare, bash and setpriv exec in turn: the process is the host itself, with the image's ids and no capability.
            var status = await File.ReadAllLinesAsync($"/proc/{host.Id}/status");
            Assert.Equal($"Uid:\t{uid}\t{uid}\t{uid}\t{uid}", status.Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)));
            Assert.Equal($"Gid:\t{gid}\t{gid}\t{gid}\t{gid}", status.Single(l => l.StartsWith("Gid:", StringComparison.Ordinal)));
            Assert.Equal("CapEff:\t0000000000000000", status.Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal)));

            using (var client = Client())
            using (var content = new ByteArrayContent(await File.ReadAllBytesAsync(Repository.File("samples", "messages", "phishing-paypal-en.eml"))))
            {
                content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
                using var created = await client.PostAsync(new Uri($"https://127.0.0.1:{port}/api/v1/analyses"), content);
                var body = await created.Content.ReadAsStringAsync();
                Assert.True(created.StatusCode == HttpStatusCode.Created, body + "\n" + host.Output);
                using var report = JsonDocument.Parse(body);
                Assert.Equal("malicious", report.RootElement.GetProperty("verdict").GetString(), ignoreCase: true);
                Assert.Contains(report.RootElement.GetProperty("signals").EnumerateArray(), s => s.GetProperty("id").GetString() == "model.spam");
            }

            await host.TerminateAsync();
            Assert.True(await host.WaitForExitAsync(TimeSpan.FromSeconds(30)), host.Output);
            Assert.True(host.ExitCode == 0, $"exit {host.ExitCode}:\n{host.Output}");

            // Everything the host wrote is in the data volume, owned by the image user; the app folder is as published.
            Assert.Equal(appFilesBefore, Listing(app));
            var written = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).ToList();
            Assert.Contains(written, f => f.EndsWith(".db", StringComparison.Ordinal));
            Assert.Contains(written, f => f.StartsWith(Path.Combine(data, "tls"), StringComparison.Ordinal));
            foreach (var file in written)
            {
                var owner = await ExternalProcess.RunAsync("stat", ["-c", "%u", file], TimeSpan.FromSeconds(10));
                Assert.Equal(uid.ToString(CultureInfo.InvariantCulture), owner.Stdout.Trim());
            }

            Assert.DoesNotContain("Read-only file system", host.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("UnauthorizedAccessException", host.Output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                await ExternalProcess.RunAsync("rm", ["-rf", root], TimeSpan.FromMinutes(1));
            }
        }
    }

    private static async Task Run(string program, params string[] args)
    {
        var result = await ExternalProcess.RunAsync(program, args, TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', args)}: {result.Output}");
    }

    private static List<string> Listing(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(f => f[folder.Length..]).Order(StringComparer.Ordinal)];

    private static HttpClient Client() => new(new SocketsHttpHandler
    {
        // The certificate the host generated on its first run, in the data volume.
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null },
    })
    { Timeout = TimeSpan.FromSeconds(30) };
}
