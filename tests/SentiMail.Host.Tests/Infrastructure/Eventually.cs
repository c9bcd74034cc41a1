namespace SentiMail.Host.Tests.Infrastructure;

internal static class Eventually
{
    /// <summary>Waits (up to 10 s) for a condition that background work makes true.</summary>
    public static async Task TrueAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
