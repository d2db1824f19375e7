using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>MSP staff accounts and the tenants each technician is assigned, with the permissions granted there.</summary>
public sealed class TechnicianOperations(SampleDb db, IAccessStore store, IMspAccessManager msp, ITenantStore tenants, IPasswordHasher<DemoAccount> hasher, TimeProvider time)
{
    public async Task<IReadOnlyList<Technician>> ListAsync(CancellationToken cancellationToken)
    {
        var technicians = new List<Technician>();
        foreach (var account in await db.Accounts.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(cancellationToken))
        {
            if (await store.FindUserAsync(account.UserId, cancellationToken) is not { SystemRole: SystemRole.Technician } user)
            {
                continue;
            }

            var assignments = new List<Assignment>();
            foreach (var tenantId in await store.ListTenantIdsAsync(user.Id, cancellationToken))
            {
                // An expired grant gives nothing, so it is no assignment; the technician's grant page shows it as expired.
                if (await store.FindGrantAsync(user.Id, tenantId, cancellationToken) is { } grant && grant.IsActiveAt(time.GetUtcNow())
                    && await tenants.FindByIdAsync(tenantId, cancellationToken) is { } tenant)
                {
                    assignments.Add(new Assignment(tenant, grant.Permissions, grant.ExpiresAt));
                }
            }

            technicians.Add(new Technician(user, account.FullName, account.Email, [.. assignments.OrderBy(a => a.Tenant.Name, StringComparer.OrdinalIgnoreCase)]));
        }

        return technicians;
    }

    /// <summary>Adds a technician with a sign-in; the access manager refuses a taken name with <see cref="ConflictException"/>.</summary>
    public async Task<HubUser> CreateAsync(string? userName, string? password, string? fullName, string? email, CancellationToken cancellationToken)
    {
        var name = Input.UserName(userName);
        var contact = (FullName: Input.FullName(fullName), Email: Input.Email(email));
        if (password is not { Length: >= 8 })
        {
            throw new ArgumentException("A password has at least 8 characters.");
        }

        // Checked before the transaction: PostgreSQL aborts a transaction at a unique violation, so the store could not name the conflict inside it.
        if (await db.Accounts.AnyAsync(a => a.UserName == name, cancellationToken))
        {
            throw new ConflictException("user", "user name", name);
        }

        var user = HubUser.Create(name, SystemRole.Technician);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await msp.AddUserAsync(user, cancellationToken);
        var account = new DemoAccount { UserId = user.Id, UserName = name, PasswordHash = "", FullName = contact.FullName, Email = contact.Email };
        account.PasswordHash = hasher.HashPassword(account, password);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    /// <summary>Assigns the tenant with exactly <paramref name="permissions"/>, replacing an earlier grant there.</summary>
    public async Task GrantAsync(Guid userId, Guid tenantId, IReadOnlyCollection<string> permissions, CancellationToken cancellationToken)
    {
        if (permissions.Count == 0)
        {
            throw new ArgumentException("Choose at least one permission; to take the tenant away, revoke the assignment.");
        }

        if (permissions.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Name each permission as resource.action, such as 'automs.view'.");
        }

        _ = await tenants.FindByIdAsync(tenantId, cancellationToken) ?? throw new TenantNotFoundException(tenantId.ToString());
        _ = await store.FindUserAsync(userId, cancellationToken) ?? throw new ArgumentException($"No user {userId} exists.");
        await msp.GrantAsync(userId, tenantId, permissions, cancellationToken);
    }

    public Task<bool> RevokeAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken) => msp.RevokeAsync(userId, tenantId, cancellationToken);
}
