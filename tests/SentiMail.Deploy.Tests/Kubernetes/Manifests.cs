using k8s;
using k8s.Models;
using SentiMail.Deploy.Tests.Infrastructure;

namespace SentiMail.Deploy.Tests.Kubernetes;

/// <summary>Every manifest of deploy/kubernetes, loaded with the typed models of the Kubernetes client library.</summary>
internal sealed class Manifests
{
    /// <summary>The kustomization file; it is not a Kubernetes object.</summary>
    public const string KustomizationFile = "kustomization.yaml";

    private Manifests(IReadOnlyList<(string File, object Object)> objects)
    {
        Objects = objects;
    }

    public static string Folder => Repository.Deploy("kubernetes");

    public static Lazy<Manifests> All { get; } = new(() => Load(Folder));

    public IReadOnlyList<(string File, object Object)> Objects { get; }

    public static IEnumerable<string> ManifestFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.yaml")
            .Where(f => !string.Equals(Path.GetFileName(f), KustomizationFile, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>Loads every manifest; unknown kinds and unknown fields (strict) are errors.</summary>
    public static Manifests Load(string folder)
    {
        var objects = new List<(string, object)>();
        foreach (var file in ManifestFiles(folder))
        {
            foreach (var item in KubernetesYaml.LoadAllFromString(File.ReadAllText(file), typeMap: null, strict: true))
            {
                objects.Add((Path.GetFileName(file), item));
            }
        }

        return new Manifests(objects);
    }

    public IEnumerable<T> OfType<T>() => Objects.Select(o => o.Object).OfType<T>();

    public T Single<T>() => Assert.Single(OfType<T>());

    public V1Deployment Deployment => Single<V1Deployment>();

    public V1Container Container => Assert.Single(Deployment.Spec.Template.Spec.Containers);

    /// <summary>The ConfigMap the container takes its environment from.</summary>
    public V1ConfigMap ConfigMap
    {
        get
        {
            var name = Assert.Single(Container.EnvFrom, e => e.ConfigMapRef is not null).ConfigMapRef.Name;
            return Assert.Single(OfType<V1ConfigMap>(), c => c.Metadata.Name == name);
        }
    }

    public string Setting(string key) =>
        ConfigMap.Data.TryGetValue(key, out var value) ? value : throw new Xunit.Sdk.XunitException($"ConfigMap has no {key}.");
}
