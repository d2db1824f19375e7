using Microsoft.EntityFrameworkCore;

namespace MspHub.SampleHub.Data;

/// <summary>Finding a hub user by the name they sign in with, which only the sample's accounts know.</summary>
public static class DemoAccountQueries
{
    /// <summary>The user id of the account named <paramref name="userName"/> (any case), or null when there is none.</summary>
    public static Task<Guid?> UserIdOfAsync(this DbSet<DemoAccount> accounts, string userName, CancellationToken cancellationToken)
    {
        var normalized = userName.Trim().ToLowerInvariant(); // account names are stored in lower case
        return accounts.AsNoTracking().Where(a => a.UserName == normalized).Select(a => (Guid?)a.UserId).SingleOrDefaultAsync(cancellationToken);
    }
}
