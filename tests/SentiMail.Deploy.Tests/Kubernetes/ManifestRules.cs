using System.Text.RegularExpressions;
using k8s.Models;

namespace SentiMail.Deploy.Tests.Kubernetes;

/// <summary>Rules checked on every manifest; each returns the problems found, so that the tests can also show that a
/// bad manifest is caught.</summary>
internal static partial class ManifestRules
{
    /// <summary>Environment names that hold secrets: a segment (between "__") that names a password, secret, token,
    /// connection string, API key, credentials, or key material (<c>Key</c>, <c>Keys</c>).</summary>
    public static bool IsSecretLooking(string name) =>
        name.Split("__").Any(segment => SecretSegment().IsMatch(segment));

    /// <summary>Secret-looking variables must come from a Secret (secretKeyRef), never from an inline value.</summary>
    public static IEnumerable<string> InlinedSecrets(V1PodSpec pod, V1ConfigMap? configMap)
    {
        foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []))
        {
            foreach (var env in container.Env ?? [])
            {
                if (IsSecretLooking(env.Name) && (env.Value is not null || env.ValueFrom?.SecretKeyRef is null))
                {
                    yield return $"{container.Name}: {env.Name} is not taken from a Secret";
                }
            }
        }

        foreach (var key in configMap?.Data?.Keys ?? [])
        {
            if (IsSecretLooking(key))
            {
                yield return $"ConfigMap {configMap!.Metadata.Name}: {key} looks like a secret";
            }
        }
    }

    /// <summary>The hardening every container must have.</summary>
    public static IEnumerable<string> SecurityProblems(V1PodSpec pod)
    {
        var podContext = pod.SecurityContext;
        if (podContext?.SeccompProfile?.Type != "RuntimeDefault")
        {
            yield return "pod: seccompProfile is not RuntimeDefault";
        }

        foreach (var c in pod.Containers.Concat(pod.InitContainers ?? []))
        {
            var s = c.SecurityContext;
            if ((s?.RunAsNonRoot ?? podContext?.RunAsNonRoot) != true)
            {
                yield return $"{c.Name}: runAsNonRoot is not true";
            }

            if ((s?.RunAsUser ?? podContext?.RunAsUser) is not > 0)
            {
                yield return $"{c.Name}: runAsUser is not a non-zero UID";
            }

            if (s?.ReadOnlyRootFilesystem != true)
            {
                yield return $"{c.Name}: readOnlyRootFilesystem is not true";
            }

            if (s?.AllowPrivilegeEscalation != false)
            {
                yield return $"{c.Name}: allowPrivilegeEscalation is not false";
            }

            if (s?.Privileged == true)
            {
                yield return $"{c.Name}: privileged";
            }

            if (s?.Capabilities?.Drop?.Contains("ALL") != true)
            {
                yield return $"{c.Name}: capabilities do not drop ALL";
            }

            if (s?.Capabilities?.Add is { Count: > 0 })
            {
                yield return $"{c.Name}: capabilities added: {string.Join(", ", s.Capabilities.Add)}";
            }

            if ((s?.SeccompProfile?.Type ?? podContext?.SeccompProfile?.Type) != "RuntimeDefault")
            {
                yield return $"{c.Name}: seccompProfile is not RuntimeDefault";
            }
        }
    }

    /// <summary>Requests and limits of CPU and memory on every container, requests not above limits.</summary>
    public static IEnumerable<string> ResourceProblems(V1PodSpec pod)
    {
        foreach (var c in pod.Containers.Concat(pod.InitContainers ?? []))
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                ResourceQuantity? request = null;
                ResourceQuantity? limit = null;
                if (c.Resources?.Requests?.TryGetValue(resource, out request) != true)
                {
                    yield return $"{c.Name}: no {resource} request";
                }

                if (c.Resources?.Limits?.TryGetValue(resource, out limit) != true)
                {
                    yield return $"{c.Name}: no {resource} limit";
                }

                if (request is not null && limit is not null && request.ToDecimal() > limit.ToDecimal())
                {
                    yield return $"{c.Name}: {resource} request {request} above its limit {limit}";
                }
            }
        }
    }

    /// <summary>Whether <paramref name="selector"/> (matchLabels only) selects a pod with <paramref name="labels"/>.</summary>
    public static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string> labels) =>
        selector is { Count: > 0 } && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    [GeneratedRegex("^(?i:keys?|.*password.*|.*passphrase.*|.*secret.*|.*token.*|connectionstring|.*apikey.*|.*credentials?)$")]
    private static partial Regex SecretSegment();
}
