using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentiMail.Host.Tests.Web;
using SentiMail.Host.Users;

namespace SentiMail.Host.Tests.Users;

/// <summary>The per-address sign-in throttle: through the real host (each test from its own peer address) and alone.</summary>
public sealed class SignInThrottleTests(WebUiFactory factory) : IClassFixture<WebUiFactory>
{
    // Not set by WebUiFactory: the default applies.
    private static readonly int Limit = new UsersOptions().MaxFailedSignInsPerAddress;

    private const string Password = "analyst passphrase one";

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task ParallelFailures_FromOneAddress_CheckNoMoreThanTheLimit_TheRestGet429()
    {
        using var client = factory.Browser(factory.NewPeer());

        var answers = await Task.WhenAll(Enumerable.Range(0, 2 * Limit).Select(async i =>
        {
            using var response = await client.PostAsJsonAsync(U("/api/v1/account/login"), new { email = $"throttle-parallel-{i}@example.org", password = "a guessed passphrase" });
            return response.StatusCode;
        }));

        Assert.Equal(Limit, answers.Count(a => a == HttpStatusCode.Unauthorized));
        Assert.Equal(Limit, answers.Count(a => a == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task MalformedAndOversizedBodies_CountAsFailures_OfTheirAddress()
    {
        await factory.CreateUserAsync("throttle-malformed@example.org", Password);
        using var client = factory.Browser(factory.NewPeer());
        for (var i = 0; i < Limit; i++)
        {
            using HttpContent body = (i % 3) switch
            {
                0 => new StringContent("{\"email\":", Encoding.UTF8, "application/json"),
                1 => new StringContent("{\"email\":\"throttle-malformed@example.org\",\"password\":\"" + new string('x', 9000) + "\"}", Encoding.UTF8, "application/json"),
                _ => new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            using var response = await client.PostAsync(U("/api/v1/account/login"), body);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{i}: {response.StatusCode}");
        }

        using var right = await client.PostAsJsonAsync(U("/api/v1/account/login"), new { email = "throttle-malformed@example.org", password = Password });
        using var malformed = await client.PostAsync(U("/api/v1/account/login"), new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, malformed.StatusCode);
    }

    [Fact]
    public async Task SuccessfulSignIns_CostNothing()
    {
        await factory.CreateUserAsync("throttle-success@example.org", Password);
        var peer = factory.NewPeer();
        for (var i = 0; i < Limit + 5; i++)
        {
            using var client = factory.Browser(peer);
            using var response = await client.PostAsJsonAsync(U("/api/v1/account/login"), new { email = "throttle-success@example.org", password = Password });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }

    [Fact]
    public void Window_EndsAfterItsLength_GivenBackFailuresAreFree_AndEndedWindowsAreForgotten()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var throttle = new SignInThrottle(Options.Create(new UsersOptions { MaxFailedSignInsPerAddress = 2, FailedSignInWindow = TimeSpan.FromMinutes(10) }), time);

        var first = throttle.TryReserveFailure("192.0.2.1", out _);
        Assert.NotNull(first);
        throttle.Release(first);
        Assert.NotNull(throttle.TryReserveFailure("192.0.2.1", out _));
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.NotNull(throttle.TryReserveFailure("192.0.2.1", out _));
        Assert.Null(throttle.TryReserveFailure("192.0.2.1", out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(6), retryAfter);
        Assert.NotNull(throttle.TryReserveFailure("192.0.2.2", out _));

        // 192.0.2.1's window (from 8:00) has ended; 192.0.2.2's (from 8:04) has not.
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.NotNull(throttle.TryReserveFailure("192.0.2.1", out _));
        Assert.Equal(2, throttle.AddressCount);

        // A window length later both have ended, and the sweep forgets them.
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.NotNull(throttle.TryReserveFailure("192.0.2.3", out _));
        Assert.Equal(1, throttle.AddressCount);
    }

    [Fact]
    public async Task AccountLock_KeepsTheSecondOutUntilTheFirstLeaves_OtherKeysPass_AndNothingIsKept()
    {
        var locks = new KeyedAsyncLock();

        var first = await locks.AcquireAsync("a", CancellationToken.None);
        var second = locks.AcquireAsync("a", CancellationToken.None);
        using (await locks.AcquireAsync("b", CancellationToken.None))
        {
            Assert.False(second.IsCompleted);
            Assert.Equal(2, locks.Count);
        }

        first.Dispose();
        (await second).Dispose();
        Assert.Equal(0, locks.Count);

        using var cancel = new CancellationTokenSource();
        var held = await locks.AcquireAsync("c", CancellationToken.None);
        var waiting = locks.AcquireAsync("c", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        Assert.Equal(0, locks.Count);
    }
}
