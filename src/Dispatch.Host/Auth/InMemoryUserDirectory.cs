using Microsoft.AspNetCore.Identity;

namespace Dispatch.Host.Auth;

/// <summary>Users held in memory with <see cref="PasswordHasher{TUser}"/> hashes. Thread-safe (read-only after construction).</summary>
public sealed class InMemoryUserDirectory : IUserDirectory
{
    private readonly Dictionary<string, DispatchUser> _users;
    private readonly PasswordHasher<DispatchUser> _hasher;
    private readonly string _decoyHash;

    public InMemoryUserDirectory(IEnumerable<DispatchUser> users, PasswordHasher<DispatchUser> hasher)
    {
        ArgumentNullException.ThrowIfNull(users);
        _hasher = hasher ?? throw new ArgumentNullException(nameof(hasher));
        _users = users.ToDictionary(u => u.UserName, StringComparer.OrdinalIgnoreCase);
        _decoyHash = hasher.HashPassword(Decoy, Guid.NewGuid().ToString("N"));
    }

    private static DispatchUser Decoy { get; } = new("-", DispatchRoles.Volunteer, null, "");

    /// <summary>Hashes each password (in parallel: PBKDF2 is deliberately slow).</summary>
    public static InMemoryUserDirectory Create(IEnumerable<(string UserName, string Role, Engine.Pool.VolunteerId? VolunteerId, string Password)> accounts)
    {
        var hasher = new PasswordHasher<DispatchUser>();
        var users = accounts.AsParallel().AsOrdered()
            .Select(a =>
            {
                var user = new DispatchUser(a.UserName, a.Role, a.VolunteerId, "");
                return user with { PasswordHash = hasher.HashPassword(user, a.Password) };
            })
            .ToList();
        return new InMemoryUserDirectory(users, hasher);
    }

    public ValueTask<DispatchUser?> FindAsync(string userName, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_users.GetValueOrDefault(userName));

    public ValueTask<DispatchUser?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        if (!_users.TryGetValue(userName, out var user))
        {
            // Spend the same time as a real check so response times do not reveal which names exist.
            _hasher.VerifyHashedPassword(Decoy, _decoyHash, password);
            return ValueTask.FromResult<DispatchUser?>(null);
        }

        var result = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        return ValueTask.FromResult(result == PasswordVerificationResult.Failed ? null : user);
    }

    public ValueTask<IReadOnlyList<DispatchUser>> ListAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<DispatchUser>>([.. _users.Values.OrderBy(u => u.UserName, StringComparer.Ordinal)]);
}
