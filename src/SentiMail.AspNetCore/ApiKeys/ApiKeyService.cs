using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>
/// Creates, lists, rotates, revokes and validates API keys over an <see cref="IApiKeyStore"/>.
/// </summary>
/// <remarks>
/// <para>A key is <c>sm_&lt;id&gt;_&lt;secret&gt;</c>. The plaintext is returned once, by <see cref="CreateAsync"/> or
/// <see cref="RotateAsync"/>; the store keeps the id and a hash of the secret.</para>
/// <para>Rotation creates a new key (new id and secret, same owner, name, scopes and lifetime length) and revokes the
/// old one at once, recording <see cref="ApiKeyRecord.ReplacedBy"/>. A new id rather than a new secret under the same
/// id keeps audit logs unambiguous about which secret was used and makes rotation a plain create + revoke for stores.</para>
/// <para>The limit of <see cref="ApiKeyOptions.MaxActiveKeysPerOwner"/> is checked and the key added under one lock per
/// owner, so parallel creates in this process cannot exceed it. Several processes sharing one store each hold their
/// own locks: there the store must enforce the limit if it has to be exact.</para>
/// <para>Validation costs the same for unknown ids and wrong secrets: the presented secret is always hashed and
/// compared in constant time (against a random placeholder when the id is unknown).</para>
/// </remarks>
public sealed class ApiKeyService
{
    private const int MaxNameLength = 100;
    private const int MaxIdAttempts = 4;

    // Counting an owner's active keys and adding one must not interleave with another create for the same owner, or
    // parallel creates all pass the count and exceed MaxActiveKeysPerOwner. The gates are static, so the check holds
    // however the service is registered (singleton, scoped, several instances over one store); they are striped by
    // owner (bounded memory, no cleanup) and only one is ever held at a time, so they cannot deadlock.
    private static readonly SemaphoreSlim[] s_ownerGates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private readonly IApiKeyStore _store;
    private readonly ApiKeyOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly byte[] _placeholderHash = RandomNumberGenerator.GetBytes(ApiKeySecretHasher.HashLength);

    /// <summary>Initializes a new instance of the <see cref="ApiKeyService"/> class.</summary>
    /// <param name="store">Where keys are kept.</param>
    /// <param name="options">The key options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger for security events.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public ApiKeyService(IApiKeyStore store, IOptions<ApiKeyOptions> options, TimeProvider timeProvider, ILogger<ApiKeyService> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        var errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ApiKeyOptions), errors);
        }

        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
        Hasher = new ApiKeySecretHasher(_options.Pepper);
    }

    internal ApiKeySecretHasher Hasher { get; }

    /// <summary>Creates a key and returns its plaintext, which is not kept anywhere.</summary>
    /// <param name="request">The owner, name, scopes and optional expiry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new key with its plaintext <see cref="CreatedApiKey.Key"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The request is invalid (see <see cref="ValidateRequest(ApiKeyCreateRequest)"/>).</exception>
    /// <exception cref="InvalidOperationException">The owner already holds <see cref="ApiKeyOptions.MaxActiveKeysPerOwner"/> active keys.</exception>
    public Task<CreatedApiKey> CreateAsync(ApiKeyCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _timeProvider.GetUtcNow();
        var errors = ValidateAt(request, now);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.SelectMany(e => e.Value)), nameof(request));
        }

        return CreateCoreAsync(request, now, cancellationToken);
    }

    private async Task<CreatedApiKey> CreateCoreAsync(ApiKeyCreateRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        CreatedApiKey created;
        var gate = s_ownerGates[(uint)StringComparer.Ordinal.GetHashCode(request.OwnerId) % (uint)s_ownerGates.Length];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var owned = await _store.ListAsync(request.OwnerId, cancellationToken).ConfigureAwait(false);
            if (owned.Count(k => k.IsActive(now)) >= _options.MaxActiveKeysPerOwner)
            {
                throw new InvalidOperationException($"The owner already holds {_options.MaxActiveKeysPerOwner} active keys; revoke one first.");
            }

            created = await AddNewKeyAsync(request.OwnerId, request.Name, [.. request.Scopes.Distinct(StringComparer.Ordinal)],
                now, request.ExpiresAt ?? now + _options.DefaultLifetime, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }

        ApiKeyLog.Created(_logger, created.Id, created.OwnerId, created.Scopes);
        return created;
    }

    /// <summary>Checks a create request against the options and the current time.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Problems by property name (camelCase, as in JSON); empty when the request is valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public IReadOnlyDictionary<string, string[]> ValidateRequest(ApiKeyCreateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValidateAt(request, _timeProvider.GetUtcNow());
    }

    /// <summary>Lists keys without their hashes.</summary>
    /// <param name="ownerId">The owner whose keys to list, or <see langword="null"/> for everyone's (administrators).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The keys, oldest first, revoked and expired ones included.</returns>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string? ownerId, CancellationToken cancellationToken = default)
    {
        var keys = await _store.ListAsync(ownerId, cancellationToken).ConfigureAwait(false);
        return [.. keys.Select(ApiKeyInfo.FromRecord)];
    }

    /// <summary>Finds one key without its hash.</summary>
    /// <param name="id">The key id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The key, or <see langword="null"/> when unknown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is <see langword="null"/>.</exception>
    public async Task<ApiKeyInfo?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var key = await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return key is null ? null : ApiKeyInfo.FromRecord(key);
    }

    /// <summary>Replaces an active key by a new one (new id and secret, same owner, name, scopes and lifetime length)
    /// and revokes the old one immediately.</summary>
    /// <param name="id">The id of the key to rotate.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new key with its plaintext, or <see langword="null"/> when the key is unknown, revoked or expired.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is <see langword="null"/>.</exception>
    public async Task<CreatedApiKey?> RotateAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var now = _timeProvider.GetUtcNow();
        var old = await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (old is null || !old.IsActive(now))
        {
            return null;
        }

        DateTimeOffset? expiresAt = old.ExpiresAt is { } oldExpiry ? now + (oldExpiry - old.CreatedAt) : null;
        if (_options.MaxLifetime is { } max && (expiresAt is null || expiresAt > now + max))
        {
            expiresAt = now + max;
        }

        var created = await AddNewKeyAsync(old.OwnerId, old.Name, old.Scopes, now, expiresAt, cancellationToken).ConfigureAwait(false);
        if (!await _store.TryRevokeAsync(old.Id, now, created.Id, cancellationToken).ConfigureAwait(false))
        {
            // Another request revoked or rotated the key meanwhile: only one rotation may win.
            await _store.TryRevokeAsync(created.Id, now, replacedBy: null, CancellationToken.None).ConfigureAwait(false);
            return null;
        }

        ApiKeyLog.Rotated(_logger, old.Id, created.Id);
        return created;
    }

    /// <summary>Revokes a key. Revoking an already revoked key changes nothing.</summary>
    /// <param name="id">The key id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when this call revoked the key; <see langword="false"/> when it is unknown or already revoked.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is <see langword="null"/>.</exception>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var revoked = await _store.TryRevokeAsync(id, _timeProvider.GetUtcNow(), replacedBy: null, cancellationToken).ConfigureAwait(false);
        if (revoked)
        {
            ApiKeyLog.RevokedByRequest(_logger, id);
        }

        return revoked;
    }

    /// <summary>Checks a presented key and, when valid, records its use (at most once per
    /// <see cref="ApiKeyOptions.LastUsedUpdateInterval"/>). Never throws for bad input.</summary>
    /// <param name="presentedKey">The key text as received.</param>
    /// <param name="cancellationToken">Cancels the store lookup.</param>
    /// <returns>The outcome; only <see cref="ApiKeyValidationStatus.Valid"/> carries the stored key.</returns>
    public Task<ApiKeyValidationResult> ValidateAsync(string? presentedKey, CancellationToken cancellationToken = default) =>
        ValidateAtAsync(presentedKey, _timeProvider.GetUtcNow(), cancellationToken);

    internal async Task<ApiKeyValidationResult> ValidateAtAsync(string? presentedKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var secret = new byte[ApiKeyFormat.SecretByteCount];
        try
        {
            if (presentedKey is null || !ApiKeyFormat.TryParse(presentedKey, out var id, secret) || id is null)
            {
                return new ApiKeyValidationResult(ApiKeyValidationStatus.Malformed, null, null);
            }

            var key = await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);

            // Hash and compare even when the id is unknown so that both cases take the same path and time.
            var matches = Hasher.Matches(secret, key is null ? _placeholderHash : key.SecretHash.Span);
            if (key is null)
            {
                return new ApiKeyValidationResult(ApiKeyValidationStatus.UnknownId, id, null);
            }

            if (!matches)
            {
                return new ApiKeyValidationResult(ApiKeyValidationStatus.WrongSecret, id, null);
            }

            if (key.RevokedAt is not null)
            {
                return new ApiKeyValidationResult(ApiKeyValidationStatus.Revoked, id, null);
            }

            if (key.ExpiresAt is { } expiresAt && now >= expiresAt)
            {
                return new ApiKeyValidationResult(ApiKeyValidationStatus.Expired, id, null);
            }

            if (key.LastUsedAt is not { } lastUsed || now - lastUsed >= _options.LastUsedUpdateInterval)
            {
                await RecordUseAsync(key.Id, now, cancellationToken).ConfigureAwait(false);
                key = key with { LastUsedAt = now };
            }

            return new ApiKeyValidationResult(ApiKeyValidationStatus.Valid, id, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private async Task RecordUseAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await _store.UpdateLastUsedAsync(id, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Bookkeeping must not turn a valid key into a failed request.
            ApiKeyLog.LastUsedUpdateFailed(_logger, ex, id);
        }
    }

    private async Task<CreatedApiKey> AddNewKeyAsync(string ownerId, string name, IReadOnlyList<string> scopes,
        DateTimeOffset now, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var secret = new byte[ApiKeyFormat.SecretByteCount];
        try
        {
            for (var attempt = 0; attempt < MaxIdAttempts; attempt++)
            {
                RandomNumberGenerator.Fill(secret);
                var record = new ApiKeyRecord
                {
                    Id = ApiKeyFormat.NewId(),
                    OwnerId = ownerId,
                    Name = name,
                    Scopes = scopes,
                    SecretHash = Hasher.Hash(secret),
                    CreatedAt = now,
                    ExpiresAt = expiresAt,
                };
                if (await _store.TryAddAsync(record, cancellationToken).ConfigureAwait(false))
                {
                    var info = ApiKeyInfo.FromRecord(record);
                    return new CreatedApiKey
                    {
                        Id = info.Id,
                        OwnerId = info.OwnerId,
                        Name = info.Name,
                        Scopes = info.Scopes,
                        CreatedAt = info.CreatedAt,
                        ExpiresAt = info.ExpiresAt,
                        Key = ApiKeyFormat.Format(record.Id, secret),
                    };
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        throw new InvalidOperationException("Could not allocate a unique key id; the store keeps rejecting new ids.");
    }

    private Dictionary<string, string[]> ValidateAt(ApiKeyCreateRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.OwnerId))
        {
            errors["ownerId"] = ["The owner id is required."];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength || request.Name.Any(char.IsControl))
        {
            errors["name"] = [$"The name is required: 1 to {MaxNameLength} characters, no control characters."];
        }

        if (request.Scopes is null || request.Scopes.Count == 0 || request.Scopes.Count > ApiKeyScopes.All.Count * 2
            || !request.Scopes.All(ApiKeyScopes.IsKnown))
        {
            errors["scopes"] = [$"At least one scope is required, each one of: {string.Join(", ", ApiKeyScopes.All)}."];
        }

        if (request.ExpiresAt is { } expiresAt)
        {
            if (expiresAt <= now)
            {
                errors["expiresAt"] = ["The expiry must be in the future."];
            }
            else if (_options.MaxLifetime is { } max && expiresAt - now > max)
            {
                errors["expiresAt"] = [$"The expiry must be within {max.TotalDays:0} days."];
            }
        }

        return errors;
    }
}
