namespace SentiMail.Kubernetes.Probes;

/// <summary>Marks the collection as holding the probe services; <c>MapSentiMailProbes()</c> checks for it.</summary>
internal sealed class SentiMailProbesMarker;
