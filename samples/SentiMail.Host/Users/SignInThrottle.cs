using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SentiMail.Host.Storage;

namespace SentiMail.Host.Users;

/// <summary>
/// The sign-in state of this process. It counts failed sign-ins per client address in a fixed window
/// (<see cref="UsersOptions.MaxFailedSignInsPerAddress"/> per <see cref="UsersOptions.FailedSignInWindow"/>, from the
/// address's first attempt): every attempt takes one of the address's permits <em>before</em> its password is checked
/// (<see cref="TryReserveFailure"/>), so parallel attempts cannot overshoot the limit, and a successful sign-in gives
/// its permit back (<see cref="Release"/>), so it costs nothing. It also serializes the attempts on one account
/// (<see cref="LockAccountAsync"/>), so that Identity's lockout counts every wrong password even when they arrive
/// together, and keeps the dummy password hash that unknown addresses are checked against. Per process, like the
/// API's rate limits: behind several replicas an address gets that many failures on each.
/// </summary>
internal sealed class SignInThrottle
{
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly KeyedAsyncLock _accounts = new();
    private DateTimeOffset _nextSweep;
    private string? _dummyPasswordHash;

    /// <summary>Creates the counters from the options.</summary>
    /// <param name="options">The users' options.</param>
    /// <param name="timeProvider">The clock of the windows.</param>
    public SignInThrottle(IOptions<UsersOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limit = options.Value.MaxFailedSignInsPerAddress;
        _window = options.Value.FailedSignInWindow;
        _time = timeProvider;
        _nextSweep = timeProvider.GetUtcNow() + _window;
    }

    /// <summary>Gets how many client addresses have a window open now (for tests: the table is swept).</summary>
    internal int AddressCount
    {
        get
        {
            lock (_gate)
            {
                return _windows.Count;
            }
        }
    }

    /// <summary>Gets how many accounts have a sign-in running or waiting now.</summary>
    internal int LockedAccountCount => _accounts.Count;

    /// <summary>
    /// Takes one of <paramref name="clientAddress"/>'s failures for an attempt about to be made, or tells that the
    /// address has used them all up. The attempt keeps it if it fails; <see cref="Release"/> gives it back on success.
    /// </summary>
    /// <param name="clientAddress">The client address (as the security events write it).</param>
    /// <param name="retryAfter">When refused: when the window ends.</param>
    /// <returns>The reservation, or <see langword="null"/> when the address must wait.</returns>
    public FailureReservation? TryReserveFailure(string clientAddress, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(clientAddress);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Sweep(now);
            if (!_windows.TryGetValue(clientAddress, out var window) || window.Start + _window <= now)
            {
                window = new Window(now);
                _windows[clientAddress] = window;
            }

            if (window.Count >= _limit)
            {
                retryAfter = window.Start + _window - now;
                return null;
            }

            window.Count++;
            retryAfter = TimeSpan.Zero;
            return new FailureReservation(clientAddress, window);
        }
    }

    /// <summary>Gives back the failure an attempt took, because it succeeded.</summary>
    /// <param name="reservation">What <see cref="TryReserveFailure"/> returned.</param>
    public void Release(FailureReservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        lock (_gate)
        {
            // Only in the window it was taken from: a new window starts from zero anyway.
            if (_windows.TryGetValue(reservation.ClientAddress, out var window) && ReferenceEquals(window, reservation.Window) && window.Count > 0)
            {
                window.Count--;
            }
        }
    }

    /// <summary>Waits until no other sign-in of the account runs, and keeps others out until disposed.</summary>
    /// <param name="normalizedEmail">The account's normalized e-mail address (unknown addresses are locked too).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The lock.</returns>
    public Task<IDisposable> LockAccountAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        _accounts.AcquireAsync(normalizedEmail, cancellationToken);

    /// <summary>Gets a hash of a random password, made once with <paramref name="hasher"/>: checking a password
    /// against it costs what checking a user's password costs, and never succeeds.</summary>
    /// <param name="hasher">The hasher that checks the users' passwords.</param>
    /// <returns>The hash.</returns>
    public string DummyPasswordHash(IPasswordHasher<SentiMailUser> hasher)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        return LazyInitializer.EnsureInitialized(ref _dummyPasswordHash, () => hasher.HashPassword(new SentiMailUser(), RandomNumberGenerator.GetHexString(32)));
    }

    /// <summary>Forgets the windows that have ended, at most once per window length.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        foreach (var address in _windows.Where(w => w.Value.Start + _window <= now).Select(w => w.Key).ToList())
        {
            _windows.Remove(address);
        }

        _nextSweep = now + _window;
    }

    /// <summary>One address's window: when it started and how many failures it took (changed under the lock only).</summary>
    internal sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public int Count { get; set; }
    }
}

/// <summary>A failure taken by <see cref="SignInThrottle.TryReserveFailure"/> for one attempt.</summary>
/// <param name="ClientAddress">The client address.</param>
/// <param name="Window">The window it was taken from.</param>
internal sealed record FailureReservation(string ClientAddress, SignInThrottle.Window Window);
