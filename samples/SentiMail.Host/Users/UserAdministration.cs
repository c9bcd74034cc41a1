using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.Host.Storage;

namespace SentiMail.Host.Users;

/// <summary>Creates and lists users for the commands, the admin endpoints and the start-up seeding.</summary>
internal sealed class UserAdministration(UserManager<SentiMailUser> users, RoleManager<IdentityRole> roles, TimeProvider timeProvider)
{
    /// <summary>Gets the roles a user can hold.</summary>
    public static IReadOnlyList<string> Roles { get; } = [SentiMailRoles.Admin, SentiMailRoles.Analyst];

    /// <summary>Creates the roles if they are missing.</summary>
    /// <returns>A task that completes when both roles exist.</returns>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles)
        {
            if (!await roles.RoleExistsAsync(role).ConfigureAwait(false))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)).ConfigureAwait(false), $"create role {role}");
            }
        }
    }

    /// <summary>Tells whether any administrator exists.</summary>
    /// <returns><see langword="true"/> when at least one user holds the admin role.</returns>
    public async Task<bool> AnyAdministratorAsync() => (await users.GetUsersInRoleAsync(SentiMailRoles.Admin).ConfigureAwait(false)).Count > 0;

    /// <summary>Creates a user with a password and one role.</summary>
    /// <param name="email">The e-mail address, also the user name.</param>
    /// <param name="password">The password, checked against the password rules.</param>
    /// <param name="role">admin or analyst.</param>
    /// <returns>The new user.</returns>
    /// <exception cref="ArgumentException">The role is unknown.</exception>
    /// <exception cref="InvalidOperationException">Identity refused the user (duplicate, weak password…); the message lists why.</exception>
    public Task<SentiMailUser> CreateAsync(string email, string password, string role)
    {
        if (!Roles.Contains(role, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown role '{role}'; use {string.Join(" or ", Roles)}.", nameof(role));
        }

        return CreateCoreAsync(email, password, role);
    }

    private async Task<SentiMailUser> CreateCoreAsync(string email, string password, string role)
    {
        await EnsureRolesAsync().ConfigureAwait(false);
        var user = new SentiMailUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = timeProvider.GetUtcNow() };
        Check(await users.CreateAsync(user, password).ConfigureAwait(false), $"create user {email}");
        Check(await users.AddToRoleAsync(user, role).ConfigureAwait(false), $"add {email} to {role}");
        return user;
    }

    /// <summary>Finds a user by e-mail address or id.</summary>
    /// <param name="emailOrId">The address or the id.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    public async Task<SentiMailUser?> FindAsync(string emailOrId) =>
        await users.FindByEmailAsync(emailOrId).ConfigureAwait(false) ?? await users.FindByIdAsync(emailOrId).ConfigureAwait(false);

    /// <summary>Lists users with their roles, by e-mail address.</summary>
    /// <returns>The users.</returns>
    public async Task<IReadOnlyList<UserSummary>> ListAsync()
    {
        var all = await users.Users.OrderBy(u => u.Email).ToListAsync().ConfigureAwait(false);
        var list = new List<UserSummary>(all.Count);
        foreach (var user in all)
        {
            var userRoles = await users.GetRolesAsync(user).ConfigureAwait(false);
            list.Add(new UserSummary(user.Id, user.Email ?? "", [.. userRoles.Order(StringComparer.Ordinal)], user.LockoutEnd is { } end && end > timeProvider.GetUtcNow()));
        }

        return list;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}

/// <summary>A user as listed by <c>users list</c> and <c>GET /api/v1/admin/users</c>.</summary>
/// <param name="Id">The user id (the owner id of analyses and keys).</param>
/// <param name="Email">The e-mail address.</param>
/// <param name="Roles">The roles.</param>
/// <param name="LockedOut">Whether the user is locked out now.</param>
internal sealed record UserSummary(string Id, string Email, IReadOnlyList<string> Roles, bool LockedOut);
