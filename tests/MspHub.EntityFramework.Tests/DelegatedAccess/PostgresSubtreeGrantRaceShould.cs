using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.DelegatedAccess;

/// <summary>
/// On PostgreSQL, a subtree grant against a tenant that requires consent moving under its root: the grant refuses a
/// subtree holding such a tenant, and the move refuses to bring such a tenant under a subtree grant, but each read the
/// other's side as it was before the other committed, so both went through and the grant reached a tenant nobody there
/// was asked about.
/// </summary>
public sealed class PostgresSubtreeGrantRaceShould : IAsyncLifetime
{
    private readonly HubUser _technician = HubUser.Create("tech", SystemRole.Technician);
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _hub = await TestHub.CreateAsync(DatabaseProvider.Postgres, database: o => o.AddInterceptors(CommandPause.Interceptor));

        // A and B are both top-level; B requires consent to technician access.
        using var scope = _hub.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IAccessStore>().AddUserAsync(_technician);
        await scope.ServiceProvider.GetRequiredService<ITenantSettings>().SetAsync(_hub.B.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    // The grant for A's subtree is held just before it writes the technician's row, past its consent check; B moves
    // under A meanwhile.
    [PostgresFact]
    public async Task Never_let_a_subtree_grant_and_a_move_under_its_root_bring_a_tenant_that_requires_consent_under_it()
    {
        var held = new CommandPause(sql => sql.Contains("UPDATE msphub.users", StringComparison.Ordinal));
        var grant = Task.Run(async () =>
        {
            held.Arm();
            await using var scope = _hub.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantSubtreeAsync(_technician.Id, _hub.A.Id, ["automs.view"], expiresAt: null);
        });
        await held.WaitUntilReachedAsync();

        var move = Task.Run(async () =>
        {
            await using var scope = _hub.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().MoveAsync(_hub.B.Id, _hub.A.Id);
        });
        var waited = await PostgresLockWait.IsBlockedAsync(_hub, move);
        held.Release.SetResult();
        var granted = await RaceOutcome.OfAsync(grant);
        var moved = await RaceOutcome.OfAsync(move);

        await using var check = _hub.Services.CreateAsyncScope();
        var subtreeGrant = await check.ServiceProvider.GetRequiredService<IAccessStore>().FindGrantAsync(_technician.Id, _hub.A.Id) is { IncludesDescendants: true };
        var underA = (await check.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(_hub.B.Id))!.ParentId == _hub.A.Id;
        Assert.False(
            subtreeGrant && underA,
            $"B requires consent and is now under A's subtree grant (the move {(waited ? "waited for" : "ran past")} the grant; grant: {RaceOutcome.Describe(granted)}, move: {RaceOutcome.Describe(moved)})");

        // The grant held the tree first, so it went through and the move, once it could look, was refused.
        Assert.Null(granted);
        Assert.IsType<AccessRuleException>(moved);
    }
}
