namespace SentiMail.Kubernetes.WarmUp;

/// <summary>A step of the warm-up registered by the application (<c>AddWarmUpStep</c>), run in registration order.</summary>
/// <param name="Name">The step's name, shown by the probes when it fails.</param>
/// <param name="Run">The step.</param>
internal sealed record WarmUpStep(string Name, Func<IServiceProvider, CancellationToken, Task> Run);
