namespace MspHub;

/// <content>The <see cref="InMemoryAccessStore"/> operations on its users (<see cref="IHubUserStore"/>).</content>
public sealed partial class InMemoryAccessStore
{
    /// <inheritdoc />
    public ValueTask<HubUser?> FindUserAsync(Guid userId, CancellationToken cancellationToken = default) => Find(_users, userId, cancellationToken);

    /// <inheritdoc />
    public ValueTask<HubUser?> FindUserByNameAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(_users.Values.FirstOrDefault(u => string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase)));
        }
    }

    /// <inheritdoc />
    public Task AddUserAsync(HubUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Locked(() =>
        {
            if (_users.ContainsKey(user.Id))
            {
                throw new ConflictException("user", "id", user.Id.ToString());
            }

            RefuseTakenUserName(user);
            _users.Add(user.Id, user);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryUpdateUserAsync(Guid userId, Func<HubUser, HubUser> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Locked(() =>
        {
            var current = _users.GetValueOrDefault(userId) ?? throw new KeyNotFoundException($"No user has id {userId}.");
            var user = change(current) with { Id = userId, AccessVersion = current.AccessVersion + 1 };
            RefuseTakenUserName(user);
            var wasActiveAdmin = current is { SystemRole: SystemRole.MspAdmin, IsActive: true };
            var staysActiveAdmin = user is { SystemRole: SystemRole.MspAdmin, IsActive: true };
            if (wasActiveAdmin && !staysActiveAdmin && !_users.Values.Any(u => u.Id != user.Id && u is { SystemRole: SystemRole.MspAdmin, IsActive: true }))
            {
                return false;
            }

            _users[user.Id] = user;
            if (user.SystemRole != SystemRole.Technician)
            {
                foreach (var key in _grants.Keys.Where(k => k.User == userId).ToList())
                {
                    _grants.Remove(key);
                    _elevations.Remove(key);
                }

                foreach (var tenantId in _requests.Values.Where(r => r.UserId == userId).Select(r => r.TenantId).Distinct().ToList())
                {
                    Withdraw(userId, tenantId, _time.GetUtcNow());
                }
            }

            return true;
        }, cancellationToken);
    }

    private void RefuseTakenUserName(HubUser user)
    {
        if (_users.Values.Any(u => u.Id != user.Id && string.Equals(u.UserName, user.UserName, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ConflictException("user", "user name", user.UserName);
        }
    }
}
