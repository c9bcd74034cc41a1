using System.Globalization;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SentiMail.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace SentiMail.Deploy.Tests.Kubernetes;

public sealed class ManifestTests
{
    // The probe endpoints of SentiMail.Kubernetes (docs/kubernetes.md, SentiMailProbeOptions defaults).
    private const string LivenessPath = "/healthz/live";
    private const string ReadinessPath = "/healthz/ready";
    private const string StartupPath = "/healthz/startup";

    // SentiMailProbeOptions.WarmUpTimeout default and the per-check time budget of the readiness checks.
    private static readonly TimeSpan s_warmUpTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan s_checkBudget = TimeSpan.FromSeconds(2);

    private static Manifests M => Manifests.All.Value;

    [Fact]
    public void EveryManifest_LoadsStrictlyIntoTypedModels_WithNameAndLabels()
    {
        var files = Manifests.ManifestFiles(Manifests.Folder).Select(Path.GetFileName).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            Assert.Contains(M.Objects, o => o.File == file);
        }

        foreach (var (file, item) in M.Objects)
        {
            var meta = Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(item).Metadata;
            Assert.False(string.IsNullOrEmpty(meta?.Name), file + ": no metadata.name");
            Assert.Equal("sentimail", meta!.Labels?["app.kubernetes.io/name"]);
        }

        var kinds = M.Objects.Select(o => o.Object.GetType()).ToHashSet();
        Assert.Superset(
            new HashSet<Type> { typeof(V1Deployment), typeof(V1Service), typeof(V1Ingress), typeof(V1PodDisruptionBudget), typeof(V2HorizontalPodAutoscaler), typeof(V1NetworkPolicy), typeof(V1ConfigMap) },
            kinds);
    }

    [Fact]
    public void StrictLoading_RejectsAMisspelledField()
    {
        var text = File.ReadAllText(Path.Combine(Manifests.Folder, "deployment.yaml")).Replace("readOnlyRootFilesystem:", "readOnlyRootFileSystem:", StringComparison.Ordinal);
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(text, typeMap: null, strict: true));
    }

    [Fact]
    public void Kustomization_ListsEveryManifestOfTheFolder_AndOnlyExistingFiles()
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(Manifests.Folder, Manifests.KustomizationFile))))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal("Kustomization", ((YamlScalarNode)root["kind"]).Value);
        var resources = ((YamlSequenceNode)root["resources"]).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();
        Assert.Equal(resources.Count, resources.Distinct(StringComparer.Ordinal).Count());
        foreach (var resource in resources)
        {
            Assert.True(File.Exists(Path.Combine(Manifests.Folder, resource)), resource + " is listed but does not exist");
        }

        // backup-cronjob.yaml belongs to the host's backup work and is listed once it is reviewed with it.
        var files = Manifests.ManifestFiles(Manifests.Folder).Select(f => Path.GetFileName(f)!)
            .Where(f => f != "backup-cronjob.yaml");
        Assert.Empty(files.Except(resources, StringComparer.Ordinal));
    }

    [Fact]
    public void Deployment_RunsAtLeastTwoReplicas_AndRollsWithoutLosingOne()
    {
        var d = M.Deployment;
        Assert.True(d.Spec.Replicas >= 2, $"replicas = {d.Spec.Replicas}");
        Assert.Equal("RollingUpdate", d.Spec.Strategy.Type);
        Assert.Equal("0", d.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.True(ManifestRules.Selects(d.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels), "the Deployment's selector does not select its own pods");
    }

    [Fact]
    public void Probes_UseTheRealEndpointPaths_OnADeclaredContainerPort()
    {
        var c = M.Container;
        var probes = new[] { (c.StartupProbe, StartupPath), (c.ReadinessProbe, ReadinessPath), (c.LivenessProbe, LivenessPath) };
        foreach (var (probe, path) in probes)
        {
            Assert.NotNull(probe?.HttpGet);
            Assert.Equal(path, probe.HttpGet.Path);
            Assert.NotNull(DeclaredPort(c, probe.HttpGet.Port.Value));
        }

        // The host answers HTTPS only (HttpMode Off): the probes must speak HTTPS to the HTTPS port of the ConfigMap.
        Assert.Equal("Off", M.Setting("SentiMail__Tls__HttpMode"));
        var httpsPort = int.Parse(M.Setting("SentiMail__Tls__HttpsPort"), CultureInfo.InvariantCulture);
        foreach (var (probe, _) in probes)
        {
            Assert.Equal("HTTPS", probe.HttpGet.Scheme);
            Assert.Equal(httpsPort, DeclaredPort(c, probe.HttpGet.Port.Value)!.ContainerPort);
        }
    }

    [Fact]
    public void ProbeTimings_MatchTheWarmUpAndTheDrainSettings()
    {
        var c = M.Container;
        var drainDelay = TimeSpan.Parse(M.Setting("Probes__DrainDelay"), CultureInfo.InvariantCulture);
        var grace = TimeSpan.Parse(M.Setting("Probes__RequestGracePeriod"), CultureInfo.InvariantCulture);

        // The startup probe waits at least as long as the warm-up may take.
        Assert.True(TimeSpan.FromSeconds(c.StartupProbe.PeriodSeconds!.Value * c.StartupProbe.FailureThreshold!.Value) >= s_warmUpTimeout);
        // Readiness notices a failure within the drain delay, so load balancers stop routing before the server stops.
        Assert.True(TimeSpan.FromSeconds(c.ReadinessProbe.PeriodSeconds!.Value * c.ReadinessProbe.FailureThreshold!.Value) <= drainDelay);
        // Every probe waits longer than a check's own time budget.
        foreach (var probe in new[] { c.StartupProbe, c.ReadinessProbe, c.LivenessProbe })
        {
            Assert.True(TimeSpan.FromSeconds(probe.TimeoutSeconds!.Value) > s_checkBudget);
        }

        // The kubelet's SIGKILL comes after the drain delay, the grace period and a few seconds to exit.
        var termination = TimeSpan.FromSeconds(M.Deployment.Spec.Template.Spec.TerminationGracePeriodSeconds!.Value);
        Assert.True(termination >= drainDelay + grace + TimeSpan.FromSeconds(5), $"terminationGracePeriodSeconds {termination} is too short for {drainDelay} + {grace}");
        Assert.Null(c.Lifecycle?.PreStop);
    }

    [Fact]
    public void Containers_RunNonRoot_ReadOnly_WithoutCapabilitiesOrEscalation()
    {
        var pod = M.Deployment.Spec.Template.Spec;
        Assert.Empty(ManifestRules.SecurityProblems(pod));
        Assert.False(pod.AutomountServiceAccountToken ?? true, "the pod does not use the Kubernetes API: no service account token");
        Assert.NotEqual(true, pod.HostNetwork);
        Assert.NotEqual(true, pod.HostPID);
    }

    [Fact]
    public void SecurityRules_CatchAWeakenedContainer()
    {
        var pod = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Manifests.Folder, "deployment.yaml"))).OfType<V1Deployment>().Single().Spec.Template.Spec;
        var s = pod.Containers[0].SecurityContext;
        s.ReadOnlyRootFilesystem = false;
        s.AllowPrivilegeEscalation = true;
        s.Capabilities.Drop = ["NET_RAW"];
        s.Capabilities.Add = ["SYS_ADMIN"];
        s.RunAsUser = 0;
        var problems = ManifestRules.SecurityProblems(pod).ToList();
        Assert.Contains(problems, p => p.Contains("readOnlyRootFilesystem", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("allowPrivilegeEscalation", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("drop ALL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("SYS_ADMIN", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("runAsUser", StringComparison.Ordinal));
    }

    [Fact]
    public void Containers_HaveCpuAndMemoryRequestsAndLimits()
    {
        Assert.Empty(ManifestRules.ResourceProblems(M.Deployment.Spec.Template.Spec));
    }

    [Fact]
    public void Secrets_AreReferencedFromSecrets_NeverInlined()
    {
        Assert.Empty(M.OfType<V1Secret>());
        var pod = M.Deployment.Spec.Template.Spec;
        Assert.Empty(ManifestRules.InlinedSecrets(pod, M.ConfigMap));

        // The connection string of PostgreSQL, the provider of the ConfigMap, comes from a Secret.
        Assert.Equal("PostgreSql", M.Setting("Storage__Provider"));
        var connection = Assert.Single(M.Container.Env, e => e.Name == "Storage__ConnectionString");
        Assert.NotNull(connection.ValueFrom.SecretKeyRef.Name);

        // Every Secret the pod uses is one deploy/README.md says how to create.
        var readme = File.ReadAllText(Repository.Deploy("README.md"));
        var names = M.Container.Env.Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => e.ValueFrom.SecretKeyRef.Name)
            .Concat(pod.Volumes.Where(v => v.Secret is not null).Select(v => v.Secret.SecretName))
            .Concat(M.Single<V1Ingress>().Spec.Tls.Select(t => t.SecretName))
            .Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            Assert.Matches(new Regex(@"kubectl[^\n]*create secret [a-z]+ " + Regex.Escape(name) + @"\b"), readme);
        }
    }

    [Theory]
    [InlineData("Storage__ConnectionString")]
    [InlineData("Users__InitialAdminPassword")]
    [InlineData("Encryption__Keys__2026a")]
    [InlineData("CrowdSec__ApiKey")]
    [InlineData("SentiMail__Tls__KeyPassword")]
    public void SecretRule_CatchesAnInlinedSecret(string name)
    {
        Assert.True(ManifestRules.IsSecretLooking(name));
        var pod = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Manifests.Folder, "deployment.yaml"))).OfType<V1Deployment>().Single().Spec.Template.Spec;
        pod.Containers[0].Env.Add(new V1EnvVar { Name = name, Value = "Host=db;Password=hunter2" });
        Assert.Contains(ManifestRules.InlinedSecrets(pod, configMap: null), p => p.Contains(name, StringComparison.Ordinal));

        var configMap = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { [name] = "x" } };
        Assert.Contains(ManifestRules.InlinedSecrets(new V1PodSpec { Containers = [] }, configMap), p => p.Contains(name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Encryption__KeyDirectory")]
    [InlineData("Encryption__GenerateKeyIfMissing")]
    [InlineData("SentiMail__Tls__CertificateDirectory")]
    [InlineData("Storage__Provider")]
    public void SecretRule_LeavesOrdinarySettingsAlone(string name) => Assert.False(ManifestRules.IsSecretLooking(name));

    [Fact]
    public void Volumes_TlsSecretAtTheCertificateDirectory_AndWritableFoldersOnEmptyDir()
    {
        var pod = M.Deployment.Spec.Template.Spec;
        var mounts = M.Container.VolumeMounts;

        var tls = Assert.Single(mounts, m => m.MountPath == M.Setting("SentiMail__Tls__CertificateDirectory"));
        Assert.True(tls.ReadOnlyProperty);
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == tls.Name).Secret);

        var keys = Assert.Single(mounts, m => m.MountPath == M.Setting("Encryption__KeyDirectory"));
        Assert.True(keys.ReadOnlyProperty);
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == keys.Name).Secret);
        Assert.Equal("false", M.Setting("Encryption__GenerateKeyIfMissing"));

        // The root file system is read-only: /tmp and the data folder are emptyDir volumes.
        foreach (var path in new[] { "/tmp", M.Setting("Storage__DataDirectory") })
        {
            var mount = Assert.Single(mounts, m => m.MountPath == path);
            Assert.NotEqual(true, mount.ReadOnlyProperty);
            Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == mount.Name).EmptyDir);
        }
    }

    [Fact]
    public void PodDisruptionBudget_SelectsTheDeploymentsPods_AndLeavesRoomForADrain()
    {
        var pdb = M.Single<V1PodDisruptionBudget>();
        Assert.True(ManifestRules.Selects(pdb.Spec.Selector.MatchLabels, M.Deployment.Spec.Template.Metadata.Labels));
        var minAvailable = int.Parse(pdb.Spec.MinAvailable.Value, CultureInfo.InvariantCulture);
        Assert.InRange(minAvailable, 1, M.Deployment.Spec.Replicas!.Value - 1);
    }

    [Fact]
    public void HorizontalPodAutoscaler_TargetsTheDeployment_NeverBelowTwoReplicas()
    {
        var hpa = M.Single<V2HorizontalPodAutoscaler>();
        Assert.Equal("autoscaling/v2", hpa.ApiVersion);
        Assert.Equal("apps/v1", hpa.Spec.ScaleTargetRef.ApiVersion);
        Assert.Equal("Deployment", hpa.Spec.ScaleTargetRef.Kind);
        Assert.Equal(M.Deployment.Metadata.Name, hpa.Spec.ScaleTargetRef.Name);
        Assert.True(hpa.Spec.MinReplicas >= 2);
        Assert.True(hpa.Spec.MaxReplicas > hpa.Spec.MinReplicas);

        // A utilization target needs a request of that resource.
        foreach (var metric in hpa.Spec.Metrics.Where(m => m.Type == "Resource"))
        {
            Assert.True(M.Container.Resources.Requests.ContainsKey(metric.Resource.Name));
        }
    }

    [Fact]
    public void Service_SelectsThePods_AndTargetsTheNamedContainerPort()
    {
        var service = M.Single<V1Service>();
        Assert.True(ManifestRules.Selects(service.Spec.Selector, M.Deployment.Spec.Template.Metadata.Labels));
        foreach (var port in service.Spec.Ports)
        {
            Assert.False(int.TryParse(port.TargetPort.Value, out _), "target the container port by name");
            Assert.NotNull(DeclaredPort(M.Container, port.TargetPort.Value));
        }
    }

    [Fact]
    public void Ingress_HasTlsForEveryHost_AndRoutesToTheService()
    {
        var ingress = M.Single<V1Ingress>();
        var service = M.Single<V1Service>();
        Assert.NotEmpty(ingress.Spec.Tls);
        var tlsHosts = ingress.Spec.Tls.SelectMany(t => t.Hosts).ToHashSet(StringComparer.Ordinal);
        Assert.All(ingress.Spec.Tls, t => Assert.False(string.IsNullOrEmpty(t.SecretName)));
        foreach (var rule in ingress.Spec.Rules)
        {
            Assert.Contains(rule.Host, tlsHosts);
            foreach (var path in rule.Http.Paths)
            {
                Assert.Equal(service.Metadata.Name, path.Backend.Service.Name);
                Assert.Contains(service.Spec.Ports, p => p.Name == path.Backend.Service.Port.Name);
            }
        }

        // The pods answer HTTPS only, and the body limit is the API's, as in deploy/nginx/sentimail.conf.
        Assert.Equal("HTTPS", ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/backend-protocol"]);
        var nginxLimit = Regex.Match(File.ReadAllText(Repository.Deploy("nginx", "sentimail.conf")), @"client_max_body_size (\d+);").Groups[1].Value;
        Assert.Equal(ApiBodyLimit.ToString(CultureInfo.InvariantCulture), nginxLimit);
        Assert.Equal(nginxLimit, ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-body-size"]);
    }

    [Fact]
    public void NetworkPolicy_SelectsThePods_AllowsOnlyTheIngressControllerIn_AndDnsPostgresCrowdSecOut()
    {
        var policy = M.Single<V1NetworkPolicy>();
        Assert.True(ManifestRules.Selects(policy.Spec.PodSelector.MatchLabels, M.Deployment.Spec.Template.Metadata.Labels));
        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);

        var ingressRule = Assert.Single(policy.Spec.Ingress);
        var from = Assert.Single(ingressRule.FromProperty);
        Assert.Equal("ingress-nginx", from.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        Assert.Null(from.IpBlock);
        var port = Assert.Single(ingressRule.Ports);
        Assert.Equal(M.Container.Ports.Single().ContainerPort.ToString(CultureInfo.InvariantCulture), port.Port.Value);

        var egressPorts = policy.Spec.Egress.SelectMany(e => e.Ports.Select(p => (p.Protocol, p.Port.Value))).ToHashSet();
        Assert.Superset(new HashSet<(string, string)> { ("UDP", "53"), ("TCP", "53"), ("TCP", "5432"), ("TCP", "8080") }, egressPorts);
        Assert.All(policy.Spec.Egress, e => Assert.NotEmpty(e.To));
    }

    [Fact]
    public void CrowdSecBouncer_HasItsKeyFromASecret_AndTheNetworkPolicyLetsItReachTheLapi()
    {
        // The host turns the bouncer on when CrowdSec:Bouncer:LapiUrl is set, and then refuses to start without a key.
        var lapi = new Uri(M.Setting("CrowdSec__Bouncer__LapiUrl"));
        Assert.Equal("http", lapi.Scheme);
        Assert.EndsWith(".crowdsec.svc.cluster.local", lapi.Host, StringComparison.Ordinal);
        var key = Assert.Single(M.Container.Env, e => e.Name == "CrowdSec__Bouncer__ApiKey");
        Assert.Null(key.Value);
        Assert.NotNull(key.ValueFrom.SecretKeyRef.Name);
        Assert.NotEqual(true, key.ValueFrom.SecretKeyRef.Optional);

        var policy = M.Single<V1NetworkPolicy>();
        Assert.Contains(policy.Spec.Egress, e =>
            e.To.Any(t => t.NamespaceSelector?.MatchLabels is { } labels && labels.TryGetValue("kubernetes.io/metadata.name", out var ns) && ns == lapi.Host.Split('.')[1])
            && e.Ports.Any(p => p.Port.Value == lapi.Port.ToString(CultureInfo.InvariantCulture)));
    }

    // Limits.MaxMessageBytes (32 MiB) + SentiMailApiOptions.MultipartOverheadBytes (64 KiB).
    private const long ApiBodyLimit = (32L * 1024 * 1024) + (64 * 1024);

    private static V1ContainerPort? DeclaredPort(V1Container container, string nameOrNumber) =>
        container.Ports.FirstOrDefault(p => p.Name == nameOrNumber || p.ContainerPort.ToString(CultureInfo.InvariantCulture) == nameOrNumber);
}
