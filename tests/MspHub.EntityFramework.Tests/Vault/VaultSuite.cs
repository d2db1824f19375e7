using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Vault;

/// <summary>
/// The tenant vault on a real database, attacked the ways the isolation promise has to survive: from another tenant,
/// by a technician or an API key without the grant, with ciphertext or data keys moved between rows or tenants, with a
/// flipped tag byte, and after the tenant's data key was shredded. No value may reach a log or an error.
/// </summary>
public abstract class VaultSuite(DatabaseProvider provider) : IAsyncLifetime
{
    protected const string Value = "hunter2-correct-horse-battery-staple";
    private const string Rotated = "rotated-value-7f3a9c";
    private static readonly string Kek1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string Kek2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly HubUser _owner = HubUser.Create("vault-owner");
    private readonly HubUser _technician = HubUser.Create("technician", SystemRole.Technician);
    private readonly HubUser _admin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private string _currentKek = "kek-1";
    private bool _retireKek1;

    protected TestHub Hub { get; private set; } = null!;

    protected VaultCaller Owner => VaultCaller.User(_owner.Id);

    private IReadOnlyCollection<string> Logs => LogLines.Of(Hub.Services);

    public async Task InitializeAsync()
    {
        Hub = await TestHub.CreateAsync(provider, configure: hub =>
        {
            hub.AddTenantVault(o =>
            {
                if (!_retireKek1)
                {
                    o.KeyEncryptionKeys["kek-1"] = Kek1;
                }

                o.KeyEncryptionKeys["kek-2"] = Kek2;
                o.CurrentKeyId = _currentKek;
            });
            hub.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging();
        });
        await using var scope = Hub.Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        foreach (var user in new[] { _owner, _technician, _admin })
        {
            await access.AddUserAsync(user);
        }

        foreach (var tenant in new[] { Hub.A, Hub.B })
        {
            await access.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Vault keeper", Permissions = [VaultPermissions.View, VaultPermissions.Reveal, VaultPermissions.Manage] });
            await access.SaveMembershipAsync(new Membership { UserId = _owner.Id, TenantId = tenant.Id, Roles = ["Vault keeper"], IsPrimary = tenant == Hub.A });
        }

        await access.SaveGrantAsync(new TechnicianGrant { UserId = _technician.Id, TenantId = Hub.A.Id, Permissions = [VaultPermissions.View] });
    }

    public async Task DisposeAsync() => await Hub.DisposeAsync();

    [DatabaseFact]
    public async Task Keep_versions_reveal_any_of_them_and_audit_who_saw_which()
    {
        var secret = await CreateAsync(Hub.A, "backup-admin");
        var rotated = await InAsync(Hub.A, v => v.RotateAsync(Owner, secret.Id, Rotated));

        var current = await InAsync(Hub.A, v => v.RevealAsync(Owner, secret.Id));
        var first = await InAsync(Hub.A, v => v.RevealAsync(Owner, secret.Id, version: 1));
        var listed = Assert.Single(await InAsync(Hub.A, v => v.ListAsync(Owner)));

        Assert.Equal((2, Rotated, 1, Value), (current.Version, current.Value, first.Version, first.Value));
        Assert.Equal((secret.Id, 2, rotated.RotatedAt), (listed.Id, listed.CurrentVersion, listed.RotatedAt));
        Assert.Equal(AuditActor.User(_owner.Id), listed.LastRevealedBy);
        Assert.DoesNotContain(Value, listed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Value, current.ToString() + first.ToString(), StringComparison.Ordinal);
        var reveals = (await Hub.AuditRecordsAsync(Hub.A.Id)).Where(r => r.Action == AuditActions.VaultSecretRevealed).ToList();
        Assert.Equal([("2", VaultOperations.Reveal), ("1", VaultOperations.Reveal)], reveals.Select(r => (r.Detail["version"], r.Detail["operation"])));
        Assert.All(reveals, r => Assert.Equal((AuditActor.User(_owner.Id), secret.Id.ToString(), AuditOutcome.Succeeded), (r.Actor, r.TargetId, r.Outcome)));

        // The database holds ciphertext only.
        await using var connection = await Hub.OpenOwnerConnectionAsync();
        foreach (var bytes in await ReadColumnAsync(connection, "vault_item_versions", "ciphertext"))
        {
            Assert.DoesNotContain(Value, System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [DatabaseFact]
    public async Task Refuse_a_reveal_from_another_tenant()
    {
        var secret = await CreateAsync(Hub.A, "a-only");

        // The owner manages B's vault too, yet A's secret does not exist from inside B.
        await Assert.ThrowsAsync<VaultSecretNotFoundException>(() => InAsync(Hub.B, v => v.RevealAsync(Owner, secret.Id)));
        Assert.Empty(await InAsync(Hub.B, v => v.ListAsync(Owner)));

        // A key of tenant B presented while A is active holds nothing in A.
        var keyOfB = VaultCaller.ApiKey(Guid.CreateVersion7(), Hub.B.Id, [VaultPermissions.Reveal]);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => InAsync(Hub.A, v => v.RevealAsync(keyOfB, secret.Id)));

        // Outside every tenant the vault is unreachable.
        await using var scope = Hub.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<TenantRequiredException>(() => scope.ServiceProvider.GetRequiredService<ITenantVault>().RevealAsync(Owner, secret.Id));
    }

    [DatabaseFact]
    public async Task Let_a_technician_reveal_only_where_granted_and_audit_the_refusal()
    {
        var secret = await CreateAsync(Hub.A, "router");
        var technician = VaultCaller.User(_technician.Id);

        Assert.Single(await InAsync(Hub.A, v => v.ListAsync(technician)));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => InAsync(Hub.A, v => v.RevealAsync(technician, secret.Id)));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => InAsync(Hub.B, v => v.ListAsync(technician)));
        var refusal = Assert.Single(await Hub.AuditRecordsAsync(Hub.A.Id), r => r.Action == AuditActions.VaultSecretRevealed);
        Assert.Equal((AuditOutcome.Refused, AuditActor.Technician(_technician.Id), secret.Id.ToString()), (refusal.Outcome, refusal.Actor, refusal.TargetId));

        await using (var scope = Hub.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().SaveGrantAsync(
                new TechnicianGrant { UserId = _technician.Id, TenantId = Hub.A.Id, Permissions = [VaultPermissions.View, VaultPermissions.Reveal] });
            scope.ServiceProvider.GetRequiredService<IPermissionEvaluator>().InvalidateUser(_technician.Id);
        }

        Assert.Equal(Value, (await InAsync(Hub.A, v => v.RevealAsync(technician, secret.Id))).Value);
    }

    [DatabaseFact]
    public async Task Record_a_technician_acting_through_a_grant_as_a_technician_and_members_and_msp_admins_as_users()
    {
        await using (var scope = Hub.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().SaveGrantAsync(
                new TechnicianGrant { UserId = _technician.Id, TenantId = Hub.A.Id, Permissions = [VaultPermissions.View, VaultPermissions.Reveal, VaultPermissions.Manage] });
            scope.ServiceProvider.GetRequiredService<IPermissionEvaluator>().InvalidateUser(_technician.Id);
        }

        var callers = new[] { VaultCaller.User(_technician.Id), Owner, VaultCaller.User(_admin.Id) };
        foreach (var caller in callers)
        {
            var secret = await InAsync(Hub.A, v => v.CreateAsync(caller, new VaultSecretDraft { Name = $"by-{caller.Actor.Id}", Kind = "password", Value = Value }));
            Assert.Equal(Value, (await InAsync(Hub.A, v => v.RevealAsync(caller, secret.Id))).Value);
        }

        // Each caller's two records: the technician's name the grant they act through; the member and the MSP admin stay users.
        var records = await Hub.AuditRecordsAsync(Hub.A.Id);
        AuditActor[] expected = [AuditActor.Technician(_technician.Id), AuditActor.User(_owner.Id), AuditActor.User(_admin.Id)];
        Assert.Equal(
            expected.SelectMany(actor => new[] { (actor, AuditActions.VaultSecretCreated), (actor, AuditActions.VaultSecretRevealed) }),
            records.Where(r => r.Action is AuditActions.VaultSecretCreated or AuditActions.VaultSecretRevealed).Select(r => (r.Actor, r.Action)));

        var listed = await InAsync(Hub.A, v => v.ListAsync(Owner));
        Assert.Equal(expected, callers.Select(c => listed.Single(m => m.Name == $"by-{c.Actor.Id}").LastRevealedBy));

        // Without a grant in tenant B, a record naming the technician there stays a user's.
        await using (var scope = Hub.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("sample.ticket.viewed", Hub.B.Id) { Actor = AuditActor.User(_technician.Id) });
        }

        Assert.Equal(AuditActor.User(_technician.Id), Assert.Single(await Hub.AuditRecordsAsync(Hub.B.Id), r => r.Action == "sample.ticket.viewed").Actor);
    }

    [DatabaseFact]
    public async Task Let_an_api_key_reveal_only_when_granted_reveal()
    {
        var secret = await CreateAsync(Hub.A, "smtp");
        var viewer = VaultCaller.ApiKey(Guid.CreateVersion7(), Hub.A.Id, [VaultPermissions.View, VaultPermissions.Manage]);
        var revealer = VaultCaller.ApiKey(Guid.CreateVersion7(), Hub.A.Id, [VaultPermissions.Reveal]);

        Assert.Single(await InAsync(Hub.A, v => v.ListAsync(viewer)));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => InAsync(Hub.A, v => v.RevealAsync(viewer, secret.Id)));
        Assert.Equal(Value, (await InAsync(Hub.A, v => v.RevealAsync(revealer, secret.Id))).Value);
        Assert.Contains(await Hub.AuditRecordsAsync(Hub.A.Id), r => r.Action == AuditActions.VaultSecretRevealed && r.Outcome == AuditOutcome.Succeeded && r.Actor == revealer.Actor);
    }

    [DatabaseFact]
    public async Task Refuse_ciphertext_swapped_between_secrets()
    {
        var first = await CreateAsync(Hub.A, "first");
        var second = await CreateAsync(Hub.A, "second", "another-value-of-equal-length-here!!");
        await using (var connection = await Hub.OpenOwnerConnectionAsync())
        {
            var (nonce, ciphertext, tag) = await ReadVersionAsync(connection, second.Id);
            await WriteVersionAsync(connection, first.Id, nonce, ciphertext, tag);
        }

        await AssertUnreadableAsync(Hub.A, first.Id);
    }

    [DatabaseFact]
    public async Task Refuse_a_flipped_tag_byte()
    {
        var secret = await CreateAsync(Hub.A, "tagged");
        await using (var connection = await Hub.OpenOwnerConnectionAsync())
        {
            var (nonce, ciphertext, tag) = await ReadVersionAsync(connection, secret.Id);
            tag[0] ^= 0x01;
            await WriteVersionAsync(connection, secret.Id, nonce, ciphertext, tag);
        }

        await AssertUnreadableAsync(Hub.A, secret.Id);
    }

    [DatabaseFact]
    public async Task Refuse_a_data_key_copied_from_another_tenant()
    {
        var secret = await CreateAsync(Hub.A, "a-secret");
        await CreateAsync(Hub.B, "b-secret");
        await using (var connection = await Hub.OpenOwnerConnectionAsync())
        {
            await using var copy = OutsideMspHub.Command(connection,
                $"UPDATE {Table("vault_data_keys")} SET wrapped = (SELECT wrapped FROM {Table("vault_data_keys")} WHERE tenant_id = @b) WHERE tenant_id = @a",
                ("a", Hub.SqlValue(Hub.A.Id)), ("b", Hub.SqlValue(Hub.B.Id)));
            Assert.Equal(1, await copy.ExecuteNonQueryAsync());
        }

        // A second node: its data keys are not cached yet, so it reads the copied one.
        await using var node = Hub.NewNode();
        using (node.GetRequiredService<ITenancy>().BeginScope(Hub.A))
        {
            await using var scope = node.CreateAsyncScope();
            var failure = await Assert.ThrowsAsync<VaultIntegrityException>(() => scope.ServiceProvider.GetRequiredService<ITenantVault>().RevealAsync(Owner, secret.Id));
            Assert.DoesNotContain(Value, failure.ToString(), StringComparison.Ordinal);
        }
    }

    [DatabaseFact]
    public async Task Replace_a_data_key_only_while_it_is_the_very_key_read_not_another_under_the_same_key_id()
    {
        await CreateAsync(Hub.A, "first");
        await using var scope = Hub.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IVaultStore>();
        var read = (await store.FindDataKeyAsync(Hub.A.Id))!;

        // Shredded and made again under the same key id while a re-wrap had the old one in hand.
        Assert.True(await scope.ServiceProvider.GetRequiredService<IVaultKeyShredder>().ShredAsync(Hub.A.Id));
        var remade = await store.AddDataKeyAsync(Hub.A.Id, new WrappedDataKey(read.KeyId, RandomNumberGenerator.GetBytes(read.Wrapped.Length)));

        Assert.False(await store.ReplaceDataKeyAsync(Hub.A.Id, read, new WrappedDataKey("kek-2", read.Wrapped)));
        Assert.Equal(remade.Wrapped, (await store.FindDataKeyAsync(Hub.A.Id))!.Wrapped);
        Assert.True(await store.ReplaceDataKeyAsync(Hub.A.Id, remade, new WrappedDataKey("kek-2", remade.Wrapped)));
        Assert.Equal("kek-2", (await store.FindDataKeyAsync(Hub.A.Id))!.KeyId);
    }

    [DatabaseFact]
    public async Task Leave_nothing_readable_after_the_data_key_is_shredded()
    {
        var secret = await CreateAsync(Hub.A, "shredded");
        Assert.Equal(Value, (await InAsync(Hub.A, v => v.RevealAsync(Owner, secret.Id))).Value); // the key is warm in this node

        await using (var scope = Hub.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IVaultKeyShredder>().ShredAsync(Hub.A.Id));
        }

        // The ciphertext is still there, as in a backup, and nothing can read it.
        await AssertUnreadableAsync(Hub.A, secret.Id);
        await using var connection = await Hub.OpenOwnerConnectionAsync();
        Assert.NotEmpty(await ReadColumnAsync(connection, "vault_item_versions", "ciphertext"));
        Assert.Empty(await ReadColumnAsync(connection, "vault_data_keys", "wrapped"));
    }

    // The second secret reads the first one's uncommitted data key back; had the node cached it, secrets created after
    // the rollback would be sealed with a key no database holds, unreadable once the cache lets it go.
    [DatabaseFact]
    public async Task Never_seal_with_a_data_key_whose_creating_transaction_rolled_back()
    {
        await using (var scope = Hub.Services.CreateAsyncScope())
        using (Hub.In(Hub.A))
        {
            await using var transaction = await scope.ServiceProvider.GetRequiredService<HubTestDb>().Database.BeginTransactionAsync();
            var vault = scope.ServiceProvider.GetRequiredService<ITenantVault>();
            await vault.CreateAsync(Owner, new VaultSecretDraft { Name = "first", Kind = "password", Value = Value });
            await vault.CreateAsync(Owner, new VaultSecretDraft { Name = "second", Kind = "password", Value = Value });
            await transaction.RollbackAsync();
        }

        var secret = await CreateAsync(Hub.A, "after-rollback");
        Hub.Services.GetRequiredService<ICacheControl>().ResumeCaching(); // as after a restart or the cache entry's expiry

        Assert.Equal(Value, (await InAsync(Hub.A, v => v.RevealAsync(Owner, secret.Id))).Value);
    }

    [DatabaseFact]
    public async Task Shred_the_data_key_first_when_the_tenant_is_deleted_and_certify_it()
    {
        await CreateAsync(Hub.B, "leaving");
        await using var scope = Hub.Services.CreateAsyncScope();

        var report = await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().DeleteAsync(Hub.B.Id, Hub.B.Slug);

        Assert.Equal("destroyed", report.Certificate!.Detail["vault-data-key"]);
        Assert.Equal(1, report.RowsDeleted[Table("vault_data_keys")]);
        Assert.Equal((1, 1), (report.RowsDeleted[Table("vault_items")], report.RowsDeleted[Table("vault_item_versions")]));
        Assert.Contains(Logs, l => l.Contains("[53]", StringComparison.Ordinal) && l.Contains(Hub.B.Id.ToString(), StringComparison.Ordinal));
    }

    // A description is text, which may break lines as every MspHub text may; control and bidi characters are refused.
    [DatabaseFact]
    public async Task Keep_a_description_on_several_lines_and_refuse_control_characters_in_it()
    {
        VaultSecretDraft Draft(string name, string description) => new() { Name = name, Kind = "password", Value = Value, Description = description };

        var kept = await InAsync(Hub.A, v => v.CreateAsync(Owner, Draft("router", "Core router.\nRotate after every visit.")));

        Assert.Equal("Core router.\nRotate after every visit.", kept.Description);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => InAsync(Hub.A, v => v.CreateAsync(Owner, Draft("switch", "Edge\u0000switch"))));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => InAsync(Hub.A, v => v.CreateAsync(Owner, Draft("switch", "Edge \u202Eswitch"))));
    }

    // A merge deletes its source, whose secrets are encrypted for it alone: merging them away would shred them unseen.
    [DatabaseFact]
    public async Task Refuse_to_merge_away_a_tenant_that_holds_vault_secrets()
    {
        var secret = await CreateAsync(Hub.B, "leaving");
        await using var scope = Hub.Services.CreateAsyncScope();

        var refused = await Assert.ThrowsAsync<TenantOperationException>(() => scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>().MergeAsync(Hub.B.Id, Hub.A.Id, Hub.B.Slug));

        Assert.Contains("vault secrets", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(Hub.B.Id));
        Assert.Equal(Value, (await InAsync(Hub.B, v => v.RevealAsync(Owner, secret.Id))).Value);
    }

    [DatabaseFact]
    public async Task Show_msp_admins_metadata_across_tenants_and_audit_their_reveal_in_the_tenant()
    {
        var a = await CreateAsync(Hub.A, "expiring", expiresAt: DateTimeOffset.UtcNow.AddDays(3));
        await CreateAsync(Hub.B, "later", expiresAt: DateTimeOffset.UtcNow.AddDays(300));
        await CreateAsync(Hub.B, "never");
        await using var scope = Hub.Services.CreateAsyncScope();
        var governance = scope.ServiceProvider.GetRequiredService<IVaultGovernance>();

        var review = await governance.ReviewAsync(_admin.Id);
        var revealed = await governance.RevealAsync(VaultCaller.User(_admin.Id), Hub.A.Id, a.Id);

        Assert.Equal(new Dictionary<string, int> { [Hub.A.Slug] = 1, [Hub.B.Slug] = 2 }, review.CountsByTenant);
        Assert.Equal(1, review.ExpiringSoon);
        Assert.Equal(["expiring"], review.Secrets.Where(s => s.ExpiringSoon).Select(s => s.Secret.Name));
        Assert.Equal(Value, revealed.Value);
        var record = Assert.Single(await Hub.AuditRecordsAsync(Hub.A.Id), r => r.Action == AuditActions.VaultSecretRevealed);
        Assert.Equal((AuditActor.User(_admin.Id), "1"), (record.Actor, record.Detail["version"]));
        await Assert.ThrowsAsync<VaultAccessDeniedException>(() => governance.ReviewAsync(_owner.Id));
        await Assert.ThrowsAsync<VaultAccessDeniedException>(() => governance.RevealAsync(VaultCaller.User(_technician.Id), Hub.A.Id, a.Id));
    }

    [DatabaseFact]
    public async Task Rewrap_every_data_key_resumably_and_read_them_without_the_old_key()
    {
        var a = await CreateAsync(Hub.A, "a");
        var b = await CreateAsync(Hub.B, "b");
        _currentKek = "kek-2";
        await using (var node = Hub.NewNode())
        {
            await using var scope = node.CreateAsyncScope();
            var governance = scope.ServiceProvider.GetRequiredService<IVaultGovernance>();
            using var stop = new CancellationTokenSource();
            var reports = new List<VaultRewrapProgress>();

            // Stopped after the first tenant, then run again: it continues with what is left.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => governance.RewrapDataKeysAsync(new SyncProgress(p => { reports.Add(p); stop.Cancel(); }), stop.Token));
            var finished = await governance.RewrapDataKeysAsync(new SyncProgress(reports.Add));
            var again = await governance.RewrapDataKeysAsync();

            Assert.Equal([(1, 1), (1, 0)], reports.Select(r => (r.Rewrapped, r.Remaining)));
            Assert.Equal((1, 0), (finished.Rewrapped, finished.Remaining));
            Assert.Equal((0, 0), (again.Rewrapped, again.Remaining));
        }

        _retireKek1 = true;
        await using var retired = Hub.NewNode();
        foreach (var (tenant, id) in new[] { (Hub.A, a.Id), (Hub.B, b.Id) })
        {
            using (retired.GetRequiredService<ITenancy>().BeginScope(tenant))
            {
                await using var scope = retired.CreateAsyncScope();
                Assert.Equal(Value, (await scope.ServiceProvider.GetRequiredService<ITenantVault>().RevealAsync(Owner, id)).Value);
            }
        }

        // The stopped run re-wrapped one key and says so, as the run that finished does.
        var rewraps = (await Hub.AuditRecordsAsync(null)).Where(r => r.Action == AuditActions.VaultDataKeysRewrapped && r.TargetId == "kek-2");
        Assert.Equal([("1", "false"), ("1", "true")], rewraps.Select(r => (r.Detail["rewrapped"], r.Detail["finished"])));
    }

    [DatabaseFact]
    public async Task Refuse_an_empty_kind_by_the_kind_rule_and_an_expiry_already_past_and_store_nothing()
    {
        var emptyKind = await Assert.ThrowsAsync<ArgumentException>(() => InAsync(Hub.A, v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "no-kind", Kind = "", Value = Value })));
        var expired = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => InAsync(Hub.A, v => v.CreateAsync(Owner, new VaultSecretDraft
        {
            Name = "expired", Kind = "password", Value = Value, ExpiresAt = DateTimeOffset.UtcNow.AddYears(-26),
        })));

        Assert.Contains("lowercase letters, digits and dashes", emptyKind.Message, StringComparison.Ordinal);
        Assert.Contains("must be in the future", expired.Message, StringComparison.Ordinal);
        Assert.Empty(await InAsync(Hub.A, v => v.ListAsync(Owner)));
    }

    [DatabaseFact]
    public async Task Keep_values_out_of_every_log_line_and_error()
    {
        var secret = await CreateAsync(Hub.A, "logged");
        await InAsync(Hub.A, v => v.RotateAsync(Owner, secret.Id, Rotated));
        await InAsync(Hub.A, v => v.RevealAsync(Owner, secret.Id));
        var errors = new List<Exception>
        {
            await Assert.ThrowsAsync<ConflictException>(() => CreateAsync(Hub.A, "logged")),
            await Assert.ThrowsAsync<ArgumentException>(() => InAsync(Hub.A, v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "", Kind = "password", Value = Value }))),
            await Assert.ThrowsAsync<ArgumentException>(() => InAsync(Hub.A, v => v.CreateAsync(Owner, new VaultSecretDraft { Name = "bad", Kind = Value, Value = Value }))),
            await Assert.ThrowsAsync<PermissionDeniedException>(() => InAsync(Hub.A, v => v.RotateAsync(VaultCaller.User(_technician.Id), secret.Id, Value))),
            await Assert.ThrowsAsync<VaultSecretNotFoundException>(() => InAsync(Hub.A, v => v.RevealAsync(Owner, secret.Id, version: 9))),
        };
        await using (var connection = await Hub.OpenOwnerConnectionAsync())
        {
            var (nonce, ciphertext, tag) = await ReadVersionAsync(connection, secret.Id);
            tag[^1] ^= 0x80;
            await WriteVersionAsync(connection, secret.Id, nonce, ciphertext, tag);
        }

        errors.Add(await Assert.ThrowsAsync<VaultIntegrityException>(() => InAsync(Hub.A, v => v.RevealAsync(Owner, secret.Id, version: 1))));

        Assert.Contains(Logs, l => l.Contains("[51]", StringComparison.Ordinal));
        Assert.Contains(Logs, l => l.Contains("[52]", StringComparison.Ordinal));
        foreach (var leaked in new[] { Value, Rotated })
        {
            Assert.DoesNotContain(Logs, l => l.Contains(leaked, StringComparison.Ordinal));
            Assert.All(errors, e => Assert.DoesNotContain(leaked, e.ToString(), StringComparison.Ordinal));
            Assert.All(await Hub.AuditRecordsAsync(Hub.A.Id), r => Assert.DoesNotContain(leaked, string.Join('|', r.Detail.Values) + r.Reason, StringComparison.Ordinal));
        }
    }

    protected async Task<VaultSecretMetadata> CreateAsync(Tenant tenant, string name, string value = Value, DateTimeOffset? expiresAt = null) =>
        await InAsync(tenant, v => v.CreateAsync(Owner, new VaultSecretDraft { Name = name, Kind = "password", Value = value, Tags = ["infra"], ExpiresAt = expiresAt }));

    protected async Task<T> InAsync<T>(Tenant tenant, Func<ITenantVault, Task<T>> act)
    {
        using (Hub.In(tenant))
        {
            await using var scope = Hub.Services.CreateAsyncScope();
            return await act(scope.ServiceProvider.GetRequiredService<ITenantVault>());
        }
    }

    protected async Task AssertUnreadableAsync(Tenant tenant, Guid secretId)
    {
        var failure = await Assert.ThrowsAsync<VaultIntegrityException>(() => InAsync(tenant, v => v.RevealAsync(Owner, secretId)));
        Assert.DoesNotContain(Value, failure.ToString(), StringComparison.Ordinal);
        var refused = (await Hub.AuditRecordsAsync(tenant.Id)).Last(r => r.Action == AuditActions.VaultSecretRevealed);
        Assert.Equal((AuditOutcome.Refused, secretId.ToString()), (refused.Outcome, refused.TargetId));
    }

    // MspHub's tables by name, schema-qualified where they have one, as SQL and deletion reports name them.
    private string Table(string name) => provider == DatabaseProvider.Postgres ? $"msphub.{name}" : name;

    private async Task<List<byte[]>> ReadColumnAsync(DbConnection connection, string table, string column)
    {
        await using var command = OutsideMspHub.Command(connection, $"SELECT {column} FROM {Table(table)}");
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<byte[]>();
        while (await reader.ReadAsync())
        {
            values.Add((byte[])reader[0]);
        }

        return values;
    }

    private async Task<(byte[] Nonce, byte[] Ciphertext, byte[] Tag)> ReadVersionAsync(DbConnection connection, Guid secretId)
    {
        await using var command = OutsideMspHub.Command(connection, $"SELECT nonce, ciphertext, tag FROM {Table("vault_item_versions")} WHERE secret_id = @id AND version = 1", ("id", Hub.SqlValue(secretId)));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return ((byte[])reader[0], (byte[])reader[1], (byte[])reader[2]);
    }

    private async Task WriteVersionAsync(DbConnection connection, Guid secretId, byte[] nonce, byte[] ciphertext, byte[] tag)
    {
        await using var command = OutsideMspHub.Command(connection,
            $"UPDATE {Table("vault_item_versions")} SET nonce = @nonce, ciphertext = @ciphertext, tag = @tag WHERE secret_id = @id AND version = 1",
            ("nonce", nonce), ("ciphertext", ciphertext), ("tag", tag), ("id", Hub.SqlValue(secretId)));
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    // Reports synchronously, so the test sees each tenant as it is done (Progress<T> posts to the thread pool).
    private sealed class SyncProgress(Action<VaultRewrapProgress> report) : IProgress<VaultRewrapProgress>
    {
        public void Report(VaultRewrapProgress value) => report(value);
    }
}

public sealed class SqliteVaultShould() : VaultSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresVaultShould() : VaultSuite(DatabaseProvider.Postgres)
{
    // Until the shred commits, other connections still read the key, and a reveal on this node caches it (on SQLite
    // that reveal's own writes would wait for the shred, so this interleaving exists on PostgreSQL only). Without a
    // transport, the node must forget the key again when the shred commits.
    [DatabaseFact]
    public async Task Forget_a_data_key_cached_on_this_node_while_its_shred_was_uncommitted()
    {
        var secret = await CreateAsync(Hub.A, "shredded");
        await using (var scope = Hub.Services.CreateAsyncScope())
        {
            await using var transaction = await scope.ServiceProvider.GetRequiredService<HubTestDb>().Database.BeginTransactionAsync();
            Assert.True(await scope.ServiceProvider.GetRequiredService<IVaultKeyShredder>().ShredAsync(Hub.A.Id));
            Assert.Equal(Value, (await InAsync(Hub.A, v => v.RevealAsync(Owner, secret.Id))).Value);
            await transaction.CommitAsync();
        }

        await AssertUnreadableAsync(Hub.A, secret.Id);
    }
}
