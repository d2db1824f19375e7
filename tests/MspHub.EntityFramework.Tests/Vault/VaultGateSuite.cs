using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Vault;

/// <summary>
/// Reveals behind the operation gate (<see cref="VaultOperations.Reveal"/>, L2 by default) on a real database: nothing is
/// revealed before another person approves, an approval reveals once, never for the requester's own approval, never for a
/// version rotated in after it, and an MSP admin's reveal goes through the same gate.
/// </summary>
public abstract class VaultGateSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private const string First = "first-value-5d1e";
    private const string Second = "second-value-8b2c";
    private static readonly string Kek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly HubUser _owner = HubUser.Create("vault-owner");
    private readonly HubUser _approver = HubUser.Create("approver");
    private readonly HubUser _admin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private TestHub _hub = null!;

    private VaultCaller Owner => VaultCaller.User(_owner.Id);

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub
            .AddOperationGates()
            .AddTenantVault(o =>
            {
                o.KeyEncryptionKeys["kek-1"] = Kek;
                o.CurrentKeyId = "kek-1";
            }));
        await using var scope = _hub.Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await access.SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Vault keeper", Permissions = [VaultPermissions.View, VaultPermissions.Reveal, VaultPermissions.Manage] });
        await access.SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Approver", Permissions = ["approvals.approve", "approvals.read"] });
        foreach (var (user, role) in new[] { (_owner, "Vault keeper"), (_approver, "Approver") })
        {
            await access.AddUserAsync(user);
            await access.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = _hub.A.Id, Roles = [role], IsPrimary = true });
        }

        await access.AddUserAsync(_admin);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task Reveal_only_once_another_person_approved_and_only_once()
    {
        var secret = await InAsync(v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "backup-admin", Kind = "password", Value = First }));

        var pending = await Assert.ThrowsAsync<ApprovalRequiredException>(() => InAsync(v => v.RevealAsync(Owner, secret.Id)));
        Assert.Equal((VaultOperations.Reveal, _hub.A.Id), (pending.Request.Operation, pending.Request.TenantId));
        Assert.DoesNotContain(First, pending.ToString(), StringComparison.Ordinal);
        Assert.Null((await InAsync(v => v.ListAsync(Owner)))[0].LastRevealedAt);

        Assert.Equal(GateRefusal.SelfApproval, (await Assert.ThrowsAsync<OperationGateException>(() => ApproveAsync(pending.Request.Id, _owner))).Refusal);
        await ApproveAsync(pending.Request.Id, _approver);

        Assert.Equal(First, (await InAsync(v => v.RevealAsync(Owner.WithApproval(pending.Request.Id), secret.Id))).Value);
        var again = await Assert.ThrowsAsync<OperationGateException>(() => InAsync(v => v.RevealAsync(Owner.WithApproval(pending.Request.Id), secret.Id)));
        Assert.Equal(GateRefusal.AlreadyExecuted, again.Refusal);
        var records = await _hub.AuditRecordsAsync(_hub.A.Id);
        Assert.Single(records, r => r.Action == AuditActions.VaultSecretRevealed && r.Outcome == AuditOutcome.Succeeded);
        Assert.Contains(records, r => r.Action == AuditActions.GateExecuted);
    }

    [DatabaseFact]
    public async Task Reveal_after_approval_as_the_page_shows()
    {
        var secret = await InAsync(v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "switch", Kind = "password", Value = First }));

        var (revealed, waitingFor) = await InAsync(v => RevealOrAskAsync(v, Owner, secret.Id, approvalId: null, CancellationToken.None));
        Assert.Null(revealed);
        await ApproveAsync(waitingFor!.Value, _approver);
        (revealed, _) = await InAsync(v => RevealOrAskAsync(v, Owner, secret.Id, waitingFor, CancellationToken.None));

        Assert.Equal(First, revealed!.Value);
    }

    // docs: vault.md#gating-reveals
    static async Task<(RevealedSecret? Revealed, Guid? WaitingFor)> RevealOrAskAsync(
        ITenantVault vault, VaultCaller caller, Guid secretId, Guid? approvalId, CancellationToken ct)
    {
        try
        {
            return (await vault.RevealAsync(approvalId is { } id ? caller.WithApproval(id) : caller, secretId, cancellationToken: ct), null);
        }
        catch (ApprovalRequiredException pending)
        {
            return (null, pending.Request.Id); // another person approves it: POST /hub/approvals/{id}/approve
        }
    }
    // end docs

    [DatabaseFact]
    public async Task Never_reveal_a_version_rotated_in_after_the_approval()
    {
        var secret = await InAsync(v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "api-token", Kind = "token", Value = First }));
        var pending = await Assert.ThrowsAsync<ApprovalRequiredException>(() => InAsync(v => v.RevealAsync(Owner, secret.Id)));
        await ApproveAsync(pending.Request.Id, _approver);
        await InAsync(v => v.RotateAsync(Owner, secret.Id, Second));

        // The request names version 1 of this secret in this tenant, and nothing else.
        Assert.True(VaultOperations.IsRevealOf(pending.Request, _hub.A.Id, secret.Id, 1));
        Assert.False(VaultOperations.IsRevealOf(pending.Request, _hub.A.Id, secret.Id, 2));
        Assert.False(VaultOperations.IsRevealOf(pending.Request, _hub.B.Id, secret.Id, 1));
        Assert.False(VaultOperations.IsRevealOf(pending.Request, _hub.A.Id, Guid.CreateVersion7(), 1));

        var refused = await Assert.ThrowsAsync<OperationGateException>(() => InAsync(v => v.RevealAsync(Owner.WithApproval(pending.Request.Id), secret.Id)));

        Assert.Equal(GateRefusal.DifferentCall, refused.Refusal);
        Assert.DoesNotContain(Second, refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(First, (await InAsync(v => v.RevealAsync(Owner.WithApproval(pending.Request.Id), secret.Id, version: 1))).Value);
    }

    [DatabaseFact]
    public async Task Put_an_msp_admins_reveal_through_the_same_gate()
    {
        var secret = await InAsync(v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "firewall", Kind = "password", Value = First }));
        await using var scope = _hub.Services.CreateAsyncScope();
        var governance = scope.ServiceProvider.GetRequiredService<IVaultGovernance>();

        var pending = await Assert.ThrowsAsync<ApprovalRequiredException>(() => governance.RevealAsync(VaultCaller.User(_admin.Id), _hub.A.Id, secret.Id));
        await ApproveAsync(pending.Request.Id, _approver);

        Assert.Equal(First, (await governance.RevealAsync(VaultCaller.User(_admin.Id).WithApproval(pending.Request.Id), _hub.A.Id, secret.Id)).Value);
    }

    private async Task<ApprovalRequest> ApproveAsync(Guid requestId, HubUser approver)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOperationApprovals>().ApproveAsync(_hub.A.Id, requestId, GateCaller.Person(approver.Id));
    }

    private async Task<T> InAsync<T>(Func<ITenantVault, Task<T>> act)
    {
        using (_hub.In(_hub.A))
        {
            await using var scope = _hub.Services.CreateAsyncScope();
            return await act(scope.ServiceProvider.GetRequiredService<ITenantVault>());
        }
    }
}

public sealed class SqliteVaultGateShould() : VaultGateSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresVaultGateShould() : VaultGateSuite(DatabaseProvider.Postgres);
