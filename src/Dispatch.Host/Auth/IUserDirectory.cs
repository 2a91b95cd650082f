using Dispatch.Engine.Pool;

namespace Dispatch.Host.Auth;

/// <summary>A user who can sign in: name, role, the volunteer a volunteer account speaks for, and a password hash.</summary>
public sealed record DispatchUser(string UserName, string Role, VolunteerId? VolunteerId, string PasswordHash);

/// <summary>Where users come from. Embedded mode seeds demo accounts; a later issue backs it with the record store.</summary>
public interface IUserDirectory
{
    ValueTask<DispatchUser?> FindAsync(string userName, CancellationToken cancellationToken);

    /// <summary>The user when the name exists and the password matches; otherwise null (never says which one failed).</summary>
    ValueTask<DispatchUser?> VerifyAsync(string userName, string password, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<DispatchUser>> ListAsync(CancellationToken cancellationToken);
}
