using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using SentiMail.Host.Storage;

namespace SentiMail.Host.Tests.Infrastructure;

/// <summary>Identity's password hasher, recording every password check: for whom (the user's e-mail address, none for
/// the host's dummy user) and against which hash.</summary>
internal sealed class CountingPasswordHasher : IPasswordHasher<SentiMailUser>
{
    private readonly PasswordHasher<SentiMailUser> _inner = new();

    public ConcurrentQueue<(string? Email, string Hash)> Verified { get; } = new();

    public int VerifiedFor(string? email) => Verified.Count(v => string.Equals(v.Email, email, StringComparison.Ordinal));

    public string HashPassword(SentiMailUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(SentiMailUser user, string hashedPassword, string providedPassword)
    {
        Verified.Enqueue((user.Email, hashedPassword));
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
