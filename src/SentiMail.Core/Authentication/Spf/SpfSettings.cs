namespace SentiMail.Authentication.Spf;

/// <summary>A snapshot of <see cref="SpfOptions"/> taken when a validator is created.</summary>
/// <param name="MaxDnsLookups">See <see cref="SpfOptions.MaxDnsLookups"/>.</param>
/// <param name="MaxVoidLookups">See <see cref="SpfOptions.MaxVoidLookups"/>.</param>
/// <param name="MaxMxAddresses">See <see cref="SpfOptions.MaxMxAddresses"/>.</param>
/// <param name="MaxPtrNames">See <see cref="SpfOptions.MaxPtrNames"/>.</param>
/// <param name="Timeout">See <see cref="SpfOptions.Timeout"/>.</param>
/// <param name="ReceivingDomain">See <see cref="SpfOptions.ReceivingDomain"/>.</param>
/// <param name="CheckHelo">See <see cref="SpfOptions.CheckHelo"/>.</param>
internal sealed record SpfSettings(int MaxDnsLookups, int MaxVoidLookups, int MaxMxAddresses, int MaxPtrNames, TimeSpan Timeout, string ReceivingDomain, bool CheckHelo);
