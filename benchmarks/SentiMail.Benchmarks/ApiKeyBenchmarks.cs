using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SentiMail.AspNetCore.ApiKeys;

namespace SentiMail.Benchmarks;

/// <summary>
/// API-key validation with a warm cache: the key record is in the in-memory store and every path is JIT-compiled, so
/// what is measured is the parse, the SHA-256 of the secret, the constant-time comparison and the status checks —
/// the per-request cost of authentication, apart from a database round trip. The failure cases take the same path
/// (the hash is computed even for unknown ids), so their time should match the valid key's.
/// </summary>
[MemoryDiagnoser]
public class ApiKeyBenchmarks
{
    private ServiceProvider _provider = null!;
    private ApiKeyService _service = null!;
    private string _valid = string.Empty;
    private string _wrongSecret = string.Empty;
    private string _unknownId = string.Empty;

    /// <summary>Creates one key in an in-memory store.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IApiKeyStore>(new InMemoryApiKeyStore());
        services.AddSentiMailApiKeys();
        _provider = services.BuildServiceProvider();
        _service = _provider.GetRequiredService<ApiKeyService>();
        var created = _service.CreateAsync(new ApiKeyCreateRequest { OwnerId = "bench", Name = "bench", Scopes = [ApiKeyScopes.Submit] })
            .GetAwaiter().GetResult();
        _valid = created.Key;
        var last = _valid[^1] == 'A' ? 'B' : 'A';
        _wrongSecret = _valid[..^1] + last;
        _unknownId = _valid.Replace(created.Id, new string('0', created.Id.Length), StringComparison.Ordinal);
        if (_service.ValidateAsync(_valid).GetAwaiter().GetResult().Status != ApiKeyValidationStatus.Valid
            || _service.ValidateAsync(_wrongSecret).GetAwaiter().GetResult().Status != ApiKeyValidationStatus.WrongSecret
            || _service.ValidateAsync(_unknownId).GetAwaiter().GetResult().Status != ApiKeyValidationStatus.UnknownId)
        {
            throw new InvalidOperationException("The benchmark keys do not validate as expected.");
        }
    }

    /// <summary>Disposes the services.</summary>
    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    /// <summary>A valid key.</summary>
    /// <returns>The status.</returns>
    [Benchmark(Baseline = true)]
    public async Task<ApiKeyValidationStatus> Valid() => (await _service.ValidateAsync(_valid)).Status;

    /// <summary>A known id with a wrong secret.</summary>
    /// <returns>The status.</returns>
    [Benchmark]
    public async Task<ApiKeyValidationStatus> WrongSecret() => (await _service.ValidateAsync(_wrongSecret)).Status;

    /// <summary>An unknown id.</summary>
    /// <returns>The status.</returns>
    [Benchmark]
    public async Task<ApiKeyValidationStatus> UnknownId() => (await _service.ValidateAsync(_unknownId)).Status;

    /// <summary>Text that is not a key at all.</summary>
    /// <returns>The status.</returns>
    [Benchmark]
    public async Task<ApiKeyValidationStatus> Malformed() => (await _service.ValidateAsync("Bearer not-a-key")).Status;
}
