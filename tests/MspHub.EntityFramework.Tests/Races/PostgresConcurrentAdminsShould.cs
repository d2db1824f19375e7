using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Races;

/// <summary>
/// Two administrators (or an administrator and a user) acting at the same moment on a real PostgreSQL: each test runs
/// the two calls together, released at once, many rounds over, and asserts the end state every serial order leaves.
/// </summary>
public sealed class PostgresConcurrentAdminsShould : IAsyncLifetime
{
    private const int Rounds = 120;
    private static readonly TimeSpan TwoHours = TimeSpan.FromHours(2);
    private readonly HubUser _technician = HubUser.Create("tech", SystemRole.Technician);
    private readonly Tenant _automated = Tenant.Create("tenant-l0", "Tenant L0");
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _hub = await TestHub.CreateAsync(
            DatabaseProvider.Postgres,
            configure: hub => hub
                .AddPermissions(p => p.Resource("access").Action("consent", sensitive: true))
                .AddOperationGates(o => o.Operations[GateOperations.AccessElevate].TenantLevels[_automated.Id] = GateLevel.L0Automated),
            database: o => o.AddInterceptors(PauseInterceptor.Instance));
        await using (var db = _hub.NewDb())
        {
            db.Add(_automated);
            await db.SaveChangesAsync();
        }

        await WithAsync(async sp =>
        {
            var store = sp.GetRequiredService<IAccessStore>();
            await store.AddUserAsync(_technician);
            await store.SaveRoleAsync(new TenantRole { TenantId = _hub.B.Id, Name = "Admin", Permissions = ["automs.view", "automs.delete"] });
            return true;
        });
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    // Admin 1 takes every role away from a member holding [Admin, Viewer-n]; admin 2 deletes role Viewer-n at the same
    // time. Either order ends with the member holding no role. A role removal that read the holders' memberships before
    // the change and wrote them back whole afterwards would overwrite it, giving back "Admin", which nobody granted after it
    // was taken away.
    [PostgresFact]
    public async Task Never_give_back_a_role_taken_away_while_another_role_of_the_member_is_deleted()
    {
        var revived = 0;
        var deadlocks = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var user = HubUser.Create($"member-{round}");
            var viewer = $"Viewer-{round}";
            await WithAsync(async sp =>
            {
                var store = sp.GetRequiredService<IAccessStore>();
                await store.AddUserAsync(user);
                await store.SaveRoleAsync(new TenantRole { TenantId = _hub.B.Id, Name = viewer, Permissions = ["automs.view"] });
                await store.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = _hub.B.Id, Roles = ["Admin", viewer], IsPrimary = true });
                return true;
            });

            var errors = await TogetherAsync(
                () => TenantAsync(_hub.B, m => m.SetMemberAsync(_hub.B.Id, user.Id, [])),
                () => TenantAsync(_hub.B, m => m.DeleteRoleAsync(_hub.B.Id, viewer)));
            deadlocks += errors.Count(IsDeadlock);

            var membership = await MembershipAsync(user.Id, _hub.B.Id);
            if (membership is not null && membership.Roles.Contains("Admin", StringComparer.OrdinalIgnoreCase))
            {
                revived++;
            }
        }

        Assert.True(revived == 0 && deadlocks == 0, $"in {revived} of {Rounds} rounds the member held 'Admin' again after one admin took it away while another deleted one of their other roles; {deadlocks} rounds deadlocked");
    }

    // Admin 1 gives a member role Extra-n; admin 2 deletes role Extra-n at the same time. Whichever goes first, no membership
    // ends up naming a role the tenant does not have (RemoveRoleAsync strips the name from holders, and from open
    // invitations, so that a role created later under the same name is never handed to anyone). SetMemberAsync checks the
    // role exists before its transaction and the removal reads the holders before the membership commits, so the member
    // keeps the dangling name, and the next role created as Extra-n grants them whatever it holds.
    [PostgresFact]
    public async Task Leave_no_member_holding_the_name_of_a_role_deleted_while_it_was_being_given()
    {
        var dangling = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var user = HubUser.Create($"member-{round}");
            var extra = $"Extra-{round}";
            await WithAsync(async sp =>
            {
                var store = sp.GetRequiredService<IAccessStore>();
                await store.AddUserAsync(user);
                await store.SaveRoleAsync(new TenantRole { TenantId = _hub.B.Id, Name = extra, Permissions = ["automs.view"] });
                await store.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = _hub.B.Id, Roles = [], IsPrimary = true });
                return true;
            });

            await TogetherAsync(
                () => TenantAsync(_hub.B, m => m.SetMemberAsync(_hub.B.Id, user.Id, [extra])),
                () => TenantAsync(_hub.B, m => m.DeleteRoleAsync(_hub.B.Id, extra)));

            var roles = await WithAsync(sp => sp.GetRequiredService<IAccessStore>().ListRolesAsync(_hub.B.Id));
            var membership = await MembershipAsync(user.Id, _hub.B.Id);
            if (membership is not null && membership.Roles.Any(r => !roles.Any(defined => string.Equals(defined.Name, r, StringComparison.OrdinalIgnoreCase))))
            {
                dangling++;
                if (dangling == 1)
                {
                    // What the dangling name means: a role created later under it is the member's at once, unasked.
                    await WithAsync(async sp =>
                    {
                        await sp.GetRequiredService<IAccessStore>().SaveRoleAsync(new TenantRole { TenantId = _hub.B.Id, Name = extra, Permissions = ["automs.delete"] });
                        return true;
                    });
                    _hub.Services.GetRequiredService<IPermissionEvaluator>().InvalidateUser(user.Id);
                    Assert.True(await CanAsync(user.Id, _hub.B, "automs.delete"), "the dangling role name did not pick up the new role");
                }
            }
        }

        Assert.True(dangling == 0, $"in {dangling} of {Rounds} rounds the member kept the name of a role deleted meanwhile (and so gets any role later created under that name)");
    }

    // Two MSP admins designate different tenants the admin tenancy at once. There is exactly one admin tenancy per install;
    // each designation sets its tenant and clears "every other" one it sees, but the other's row is not committed yet,
    // and nothing (no lock, no unique index) orders them, so both commit and two tenants are the admin tenancy.
    // Deterministic: the designation of B is held just before its commit while the designation of A runs.
    [PostgresFact]
    public async Task Leave_exactly_one_admin_tenancy_when_two_admins_designate_different_tenants_at_once()
    {
        var held = new Pause();
        var designateB = Task.Run(async () =>
        {
            Pause.Current.Value = (held, PausePoint.Commit);
            await MspAsync(m => m.DesignateAdminTenancyAsync(_hub.B.Id));
        });
        await held.Reached.Task;

        var designateA = Task.Run(() => MspAsync(m => m.DesignateAdminTenancyAsync(_hub.A.Id)));
        // A sound designation waits for B's (a lock, or B's row once it is a unique index's); this one does not.
        var waited = await PostgresLockWait.IsBlockedAsync(_hub, designateA);
        held.Release.SetResult();
        var errors = new List<Exception>();
        foreach (var designation in new[] { designateA, designateB })
        {
            try
            {
                await designation;
            }
            catch (Exception error) when (error is ConflictException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                errors.Add(error);
            }
        }

        var admins = await CountAsync("SELECT count(*) FROM msphub.tenants WHERE is_admin_tenancy");
        Assert.True(admins == 1, $"{admins} tenants are the admin tenancy (the second designation was blocked at some point: {waited}; designations refused: {errors.Count})");
    }

    // A technician elevates (L0 here, so no approval) while an MSP admin gives their grant again, which must end any
    // elevation on the old grant ("a grant saved over it ends the elevation", ReplaceGrantAsync). ActivateAsync compares
    // the grant's GrantedAt before its transaction; SaveElevationAsync then only checks that *a* grant exists, so an
    // elevation decided on the old grant is saved on top of the new one when the regrant commits in between.
    // Deterministic: the elevation is held as its transaction begins, and the grant is given again meanwhile.
    [PostgresFact]
    public async Task End_an_elevation_decided_on_a_grant_that_was_given_again_before_it_was_saved()
    {
        await MspAsync(m => m.GrantAsync(_technician.Id, _automated.Id, ["automs.view"], expiresAt: null));
        var held = new Pause();
        var elevate = Task.Run(async () =>
        {
            Pause.Current.Value = (held, PausePoint.Begin);
            return await ElevationsAsync(e => e.ElevateAsync(new ElevationRequest(_automated.Id, ["automs.update"], TwoHours, "ticket 4711"), GateCaller.Person(_technician.Id)));
        });
        await held.Reached.Task;

        // Given again (narrowed, renewed, or simply re-issued by another admin): a new grant, GrantedAt moves.
        await MspAsync(m => m.GrantAsync(_technician.Id, _automated.Id, ["automs.view"], expiresAt: null));
        var regranted = (await WithAsync(sp => sp.GetRequiredService<IAccessStore>().FindGrantAsync(_technician.Id, _automated.Id).AsTask()))!;
        held.Release.SetResult();
        try
        {
            await elevate;
        }
        catch (AccessRuleException)
        {
            // The sound answer: the grant changed while the elevation was being decided.
        }

        var elevations = await WithAsync(sp => sp.GetRequiredService<IAccessStore>().ListElevationsAsync(_automated.Id));
        Assert.True(
            elevations.Count == 0,
            $"an elevation activated at {(elevations.Count > 0 ? elevations[0].Elevation.ActivatedAt : default):O} on the grant given at an earlier time outlived its replacement, given at {regranted.GrantedAt:O}");
        Assert.False(await CanAsync(_technician.Id, _automated, "automs.update"));
    }

    // A member accepts an invitation of their tenant (to other roles) while an admin removes them from it. Either order
    // leaves them outside the tenant (the removal revokes open invitations, or removes the membership the accept made).
    // Accept locks the invitation row, then the user's; removal locks the user's row, then the invitation's: a lock-order
    // inversion, which PostgreSQL resolves by aborting one of them with "deadlock detected" (40P01).
    [PostgresFact]
    public async Task Let_an_accept_and_a_removal_of_the_same_member_wait_for_each_other_rather_than_deadlock()
    {
        var deadlocks = 0;
        var stillMember = 0;
        await WithAsync(async sp =>
        {
            await sp.GetRequiredService<IAccessStore>().SaveRoleAsync(new TenantRole { TenantId = _hub.B.Id, Name = "Viewer", Permissions = ["automs.view"] });
            return true;
        });
        for (var round = 0; round < Rounds; round++)
        {
            var user = HubUser.Create($"member-{round}");
            var invitation = await WithAsync(async sp =>
            {
                var store = sp.GetRequiredService<IAccessStore>();
                await store.AddUserAsync(user);
                await store.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = _hub.B.Id, Roles = ["Viewer"], IsPrimary = true });
                return await sp.GetRequiredService<ITenantInvitations>().InviteAsync(_hub.B.Id, user.Id, ["Admin"]);
            });

            var errors = await TogetherAsync(
                () => WithAsync(sp => sp.GetRequiredService<ITenantInvitations>().AcceptAsync(user.Id, invitation.Id)),
                () => TenantAsync(_hub.B, m => m.RemoveMemberAsync(_hub.B.Id, user.Id)),
                rethrow: false);
            if (errors.Any(IsDeadlock))
            {
                deadlocks++;
            }

            Assert.All(errors.Where(e => !IsDeadlock(e)), e => Assert.IsType<InvitationNotAvailableException>(e));
            if (!errors.Any(IsDeadlock) && await MembershipAsync(user.Id, _hub.B.Id) is not null)
            {
                stillMember++;
            }
        }

        Assert.True(deadlocks == 0 && stillMember == 0, $"of {Rounds} rounds, {deadlocks} deadlocked and {stillMember} left the removed member in the tenant");
    }

    private static bool IsDeadlock(Exception error) =>
        error is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected } || (error.InnerException is { } inner && IsDeadlock(inner));

    // Runs both at once (released together, with a little jitter so every interleaving gets its turn) and returns their
    // failures; with rethrow, any failure that is not one of the refusals a lost race may answer with is rethrown.
    private static async Task<List<Exception>> TogetherAsync(Func<Task> first, Func<Task> second, bool rethrow = true)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // One side starts up to 3 ms after the other, so the rounds sweep the offsets where the two calls overlap.
        var lag = Random.Shared.NextDouble() * 3;
        var lagged = Random.Shared.Next(2);
        async Task<Exception?> Run(Func<Task> action, bool late)
        {
            await go.Task;
            if (late)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                while (System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds < lag)
                {
                    Thread.SpinWait(10);
                }
            }

            try
            {
                await action();
                return null;
            }
            catch (Exception error)
            {
                return error;
            }
        }

        var runs = new[] { Task.Run(() => Run(first, lagged == 0)), Task.Run(() => Run(second, lagged == 1)) };
        go.SetResult();
        var errors = (await Task.WhenAll(runs)).OfType<Exception>().ToList();
        if (rethrow && errors.FirstOrDefault(e => !IsDeadlock(e) && e is not (AccessRuleException or ConflictException or Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException or GrantRequestNotAvailableException)) is { } unexpected)
        {
            throw new InvalidOperationException("A racing call failed unexpectedly.", unexpected);
        }

        return errors;
    }

    private async Task<bool> CanAsync(Guid userId, Tenant tenant, string permission)
    {
        var catalog = _hub.Services.GetRequiredService<PermissionCatalog>();
        return await _hub.Services.GetRequiredService<IPermissionEvaluator>().HasPermissionAsync(userId, tenant.Id, catalog.Id(permission));
    }

    private Task<Membership?> MembershipAsync(Guid userId, Guid tenantId) =>
        WithAsync(sp => sp.GetRequiredService<IAccessStore>().FindMembershipAsync(userId, tenantId).AsTask());

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task<bool> TenantAsync(Tenant tenant, Func<ITenantAccessManager, Task> operation) => WithAsync(async sp =>
    {
        using (_hub.In(tenant))
        {
            await operation(sp.GetRequiredService<ITenantAccessManager>());
        }

        return true;
    });

    private Task<bool> MspAsync(Func<IMspAccessManager, Task> operation) => WithAsync(async sp =>
    {
        await operation(sp.GetRequiredService<IMspAccessManager>());
        return true;
    });

    private Task<T> ElevationsAsync<T>(Func<ITechnicianElevation, Task<T>> operation) => WithAsync(sp => operation(sp.GetRequiredService<ITechnicianElevation>()));

    // Each call in a scope of its own, as each request has.
    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> operation)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await operation(scope.ServiceProvider);
    }

    private enum PausePoint
    {
        Begin,
        Commit,
    }

    // Holds the first transaction begun (or committed) in the async flow that armed it, until released.
    private sealed class Pause
    {
        public static readonly AsyncLocal<(Pause Pause, PausePoint At)?> Current = new();

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static async Task AtAsync(PausePoint point)
        {
            if (Current.Value is { } armed && armed.At == point)
            {
                Current.Value = null;
                armed.Pause.Reached.SetResult();
                await armed.Pause.Release.Task;
            }
        }
    }

    private sealed class PauseInterceptor : Microsoft.EntityFrameworkCore.Diagnostics.DbTransactionInterceptor
    {
        public static readonly PauseInterceptor Instance = new();

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbTransaction>> TransactionStartingAsync(
            System.Data.Common.DbConnection connection,
            Microsoft.EntityFrameworkCore.Diagnostics.TransactionStartingEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbTransaction> result,
            CancellationToken cancellationToken = default)
        {
            await Pause.AtAsync(PausePoint.Begin);
            return result;
        }

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult> TransactionCommittingAsync(
            System.Data.Common.DbTransaction transaction,
            Microsoft.EntityFrameworkCore.Diagnostics.TransactionEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult result,
            CancellationToken cancellationToken = default)
        {
            await Pause.AtAsync(PausePoint.Commit);
            return result;
        }
    }
}
