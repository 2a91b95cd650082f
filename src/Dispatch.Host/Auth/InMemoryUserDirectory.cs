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
    /// <param name="accounts">The accounts and their passwords.</param>
    /// <param name="demoIterationCount">
    /// Demo accounts only (<c>Dispatch:DemoPasswordIterations</c>): the PBKDF2 iteration count to hash with instead of
    /// <see cref="PasswordHasherOptions"/>' default, so a host with thousands of demo volunteer accounts (load
    /// benchmarks) starts and issues tokens quickly. Null keeps the default. Never pass it for real users' passwords.
    /// </param>
    public static InMemoryUserDirectory Create(
        IEnumerable<(string UserName, string Role, Engine.Pool.VolunteerId? VolunteerId, string Password)> accounts, int? demoIterationCount = null)
    {
        if (demoIterationCount is { } n)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, nameof(demoIterationCount));
        }

        // The stored hash records its iteration count, so verification (and the decoy check) costs the same as hashing.
        var hasher = demoIterationCount is { } count
            ? new PasswordHasher<DispatchUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = count }))
            : new PasswordHasher<DispatchUser>();
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
