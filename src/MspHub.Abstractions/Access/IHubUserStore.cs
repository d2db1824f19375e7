namespace MspHub;

/// <summary>
/// Where hub users are kept: finding, adding and changing them. Take this rather than <see cref="IAccessStore"/> when code only
/// reads or writes users, so it depends on no more of the store than it uses and a test can hand it a small fake.
/// </summary>
/// <remarks>
/// A user change that takes the user out of the technician role also drops their technician grants and elevations in the same
/// step (<see cref="TryUpdateUserAsync"/>), so a store implements this together with <see cref="ITechnicianGrantStore"/>: register
/// one <see cref="IAccessStore"/> with <see cref="MspHubBuilder.AddAccessStore{TStore}"/> and this resolves to the same instance.
/// Use <see cref="IMspAccessManager"/> to change users: it applies the access rules, records the change and keeps the permission cache current.
/// </remarks>
public interface IHubUserStore
{
    /// <summary>Finds a user.</summary>
    ValueTask<HubUser?> FindUserAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds a user by user name, compared ignoring case as user names are unique: how a sign-in that knows the person by
    /// name (or keeps no id of its own) finds the id to issue a session for.
    /// </summary>
    ValueTask<HubUser?> FindUserByNameAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>Adds a user.</summary>
    /// <exception cref="ConflictException">The id or user name is taken.</exception>
    Task AddUserAsync(HubUser user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="change"/> to the user as currently stored and writes the result, unless that
    /// would leave the install without an active MSP admin, in which case nothing changes and the result is
    /// <see langword="false"/>. Reading, checking and writing are one atomic step, so concurrent changes to
    /// the same user never overwrite each other. A user who is not a <see cref="SystemRole.Technician"/> after
    /// the change loses every technician grant and elevation in the same step, so a later promotion never revives old
    /// assignments and a demotion is never half applied.
    /// </summary>
    /// <exception cref="ConflictException">The new user name is taken.</exception>
    /// <exception cref="KeyNotFoundException">No user has that id.</exception>
    Task<bool> TryUpdateUserAsync(Guid userId, Func<HubUser, HubUser> change, CancellationToken cancellationToken = default);
}
