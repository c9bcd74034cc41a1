namespace SentiMail.Host.Tls;

/// <summary>What the host does with plain HTTP.</summary>
public enum SentiMailHttpMode
{
    /// <summary>
    /// Plain HTTP only answers a permanent redirect (308) to the HTTPS endpoint. The default endpoints include a plain
    /// HTTP listener for it.
    /// </summary>
    Redirect = 0,

    /// <summary>
    /// No plain HTTP listener is opened by default; a plain HTTP request that still arrives (on an endpoint configured
    /// by hand) is answered 400 and never reaches the application.
    /// </summary>
    Off = 1,
}
