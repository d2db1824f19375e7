using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;
using Xunit.Abstractions;

namespace MspHub.EntityFramework.Tests.Isolation;

/// <summary>
/// A seeded random run of at least 10,000 operations across 20 tenants and three entity types, each read
/// checked against a model of what the reading tenant owns. Reports leaks (rows of another tenant seen
/// or changed) and mismatches (own rows missing or wrong); both must be zero. Set
/// <c>MSPHUB_ISOLATION_SEED</c> to replay a run; the seed is printed either way.
/// </summary>
public abstract class IsolationPropertySuite(DatabaseProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Operations = 10_000;
    private const int TenantCount = 20;

    private readonly Dictionary<Guid, Dictionary<Guid, string>> _automs = [];
    private readonly Dictionary<Guid, Dictionary<Guid, string>> _secrets = [];
    private readonly Dictionary<Guid, int> _steps = [];
    private readonly Dictionary<Guid, Dictionary<Guid, int>> _sites = [];
    private readonly List<string> _findings = [];
    private TestHub _hub = null!;
    private Tenant[] _tenants = [];
    private Random _random = null!;
    private int _counter;
    private int _leaks;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(provider);
        _tenants = [.. Enumerable.Range(0, TenantCount).Select(i => Tenant.Create($"prop-{i:D2}", $"Tenant {i}"))];
        await StoreAsync(_tenants);
    }

    // Stored past the tenant store, as TestHub seeds its own, so no licence limit applies to the fixture.
    private async Task StoreAsync(params Tenant[] tenants)
    {
        await using var db = _hub.NewDb();
        db.AddRange(tenants);
        await db.SaveChangesAsync();
        foreach (var tenant in tenants)
        {
            _automs[tenant.Id] = [];
            _secrets[tenant.Id] = [];
            _sites[tenant.Id] = [];
        }
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task Leak_nothing_across_a_random_run_of_10000_operations()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MSPHUB_ISOLATION_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        _random = new Random(seed);
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < Operations; i++)
        {
            var slot = _random.Next(TenantCount);
            var operation = Pick();
            counts[operation] = counts.GetValueOrDefault(operation) + 1;
            if (operation == "delete-tenant")
            {
                await DeleteTenantAsync(slot);
                continue;
            }

            using (_hub.In(_tenants[slot]))
            {
                await RunAsync(operation, _tenants[slot]);
            }
        }

        await CheckTotalsAcrossTenantsAsync();
        output.WriteLine($"seed {seed} on {provider}: {Operations} operations ({string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}); {_leaks} leaks, {_findings.Count - _leaks} mismatches");
        Assert.True(_findings.Count == 0, $"seed {seed}: {_leaks} leaks, {_findings.Count - _leaks} mismatches. First: {string.Join(" | ", _findings.Take(5))}");
    }

    private string Pick() => _random.Next(400) == 0 ? "delete-tenant" : _random.Next(100) switch
    {
        < 20 => "create-autom",
        < 26 => "create-secret",
        < 31 => "create-site",
        < 43 => "list",
        < 51 => "find-by-id",
        < 58 => "update",
        < 63 => "delete",
        < 67 => "bulk-update",
        < 70 => "bulk-delete",
        < 76 => "raw-read",
        < 81 => "forged-update",
        < 85 => "forged-delete",
        < 89 => "foreign-id-lookup",
        < 93 => "plant-reference",
        < 96 => "plant-owned",
        _ => "filter-bypass",
    };

    private async Task RunAsync(string operation, Tenant tenant)
    {
        var mine = _automs[tenant.Id];
        await using var db = _hub.NewDb();
        switch (operation)
        {
            case "create-autom":
                var autom = new Autom { Name = $"autom-{++_counter}" };
                var stepCount = _random.Next(3);
                autom.Steps.AddRange(Enumerable.Range(0, stepCount).Select(s => new AutomStep { Action = $"step-{s}" }));
                db.Automs.Add(autom);
                await db.SaveChangesAsync();
                mine[autom.Id] = autom.Name;
                _steps[autom.Id] = stepCount;
                break;

            case "create-secret":
                var secret = new VaultSecret { Key = $"key-{++_counter}", Value = "v" };
                db.Secrets.Add(secret);
                await db.SaveChangesAsync();
                _secrets[tenant.Id][secret.Id] = secret.Key;
                break;

            case "create-site":
                var site = new Site { Name = $"site-{++_counter}", Address = new SiteAddress { City = "Oslo" } };
                var contactCount = _random.Next(3);
                site.Contacts.AddRange(Enumerable.Range(0, contactCount).Select(c => new SiteContact { Email = $"c{c}@example.com" }));
                db.Sites.Add(site);
                await db.SaveChangesAsync();
                _sites[tenant.Id][site.Id] = contactCount;
                break;

            case "list":
                var sites = await db.Sites.Include(s => s.Contacts).ToListAsync();
                Expect(sites.All(s => s.TenantId == tenant.Id && _sites[tenant.Id].ContainsKey(s.Id)), leak: true, $"{tenant.Slug} saw another tenant's sites");
                Expect(sites.Count == _sites[tenant.Id].Count && sites.All(s => s.Contacts.Count == _sites[tenant.Id][s.Id] && s.Address?.City == "Oslo"),
                    leak: false, $"{tenant.Slug} saw {sites.Count} sites with {sites.Sum(s => s.Contacts.Count)} contacts");
                Compare(tenant, "automs", await db.Automs.ToDictionaryAsync(a => a.Id, a => (a.TenantId, a.Name)), mine);
                Compare(tenant, "secrets", await db.Secrets.ToDictionaryAsync(s => s.Id, s => (s.OrganizationId, s.Key)), _secrets[tenant.Id]);
                var stepsSeen = await db.Steps.Select(s => new { s.AutomId, Tenant = EF.Property<Guid>(s, "TenantId") }).ToListAsync();
                Expect(stepsSeen.All(s => s.Tenant == tenant.Id && mine.ContainsKey(s.AutomId)), leak: true, $"{tenant.Slug} saw another tenant's steps");
                Expect(stepsSeen.Count == mine.Keys.Sum(id => _steps[id]), leak: false, $"{tenant.Slug} saw {stepsSeen.Count} steps");
                break;

            case "find-by-id":
                if (AnyAutom() is { } target)
                {
                    var found = await db.Automs.FindAsync(target.Id);
                    Expect(found is null == (target.Tenant != tenant.Id), leak: target.Tenant != tenant.Id, $"{tenant.Slug} looked up {target.Id} of {target.Tenant}: {(found is null ? "missing" : "found")}");
                }

                break;

            case "update" when mine.Count > 0:
                var toRename = mine.Keys.ElementAt(_random.Next(mine.Count));
                var loaded = await db.Automs.SingleAsync(a => a.Id == toRename);
                loaded.Name = $"renamed-{++_counter}";
                await db.SaveChangesAsync();
                mine[toRename] = loaded.Name;
                break;

            case "delete" when mine.Count > 0:
                var toDelete = mine.Keys.ElementAt(_random.Next(mine.Count));
                db.Automs.Remove(new Autom { Id = toDelete, Name = "stub" });
                await db.SaveChangesAsync();
                mine.Remove(toDelete);
                break;

            case "bulk-update":
                var renamed = await db.Automs.Where(a => EF.Functions.Like(a.Name, "%3")).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, a => a.Name + "x"));
                var expected = mine.Where(a => a.Value.EndsWith('3')).Select(a => a.Key).ToList();
                Expect(renamed == expected.Count, leak: renamed > expected.Count, $"{tenant.Slug} bulk-renamed {renamed}, owns {expected.Count} matching");
                expected.ForEach(id => mine[id] += "x");
                break;

            case "bulk-delete":
                var deleted = await db.Automs.Where(a => EF.Functions.Like(a.Name, "%7")).ExecuteDeleteAsync();
                var doomed = mine.Where(a => a.Value.EndsWith('7')).Select(a => a.Key).ToList();
                Expect(deleted == doomed.Count, leak: deleted > doomed.Count, $"{tenant.Slug} bulk-deleted {deleted}, owns {doomed.Count} matching");
                doomed.ForEach(id => mine.Remove(id));
                break;

            case "raw-read":
                // Raw SQL: on PostgreSQL only row-level security filters it; on SQLite, FromSql composes with the query filter.
                var raw = provider == DatabaseProvider.Postgres
                    ? await db.Database.SqlQuery<RawAutom>($"""SELECT "Id", "TenantId", "Name" FROM automs WHERE NOT "IsDeleted" """).ToListAsync()
                    : await db.Automs.FromSql($"SELECT * FROM automs").Select(a => new RawAutom(a.Id, a.TenantId, a.Name)).ToListAsync();
                Compare(tenant, "raw automs", raw.ToDictionary(r => r.Id, r => (r.TenantId, r.Name)), mine);
                break;

            case "forged-update" when AnyAutom(other: tenant) is { } victim:
                db.Automs.Update(new Autom { Id = victim.Id, TenantId = _random.Next(2) == 0 ? victim.Tenant : tenant.Id, Name = "hijacked" });
                await ExpectRefusedAsync(() => db.SaveChangesAsync(), $"{tenant.Slug} forged an update of {victim.Id}");
                break;

            case "forged-delete" when AnyAutom(other: tenant) is { } victim:
                db.Automs.Remove(new Autom { Id = victim.Id, Name = "stub" });
                await ExpectRefusedAsync(() => db.SaveChangesAsync(), $"{tenant.Slug} forged a delete of {victim.Id}");
                break;

            case "foreign-id-lookup" when AnyAutom(other: tenant) is { } victim:
                Expect(!await db.Automs.AnyAsync(a => a.Id == victim.Id) && !await db.Steps.AnyAsync(s => s.AutomId == victim.Id), leak: true, $"{tenant.Slug} reached {victim.Id} of {victim.Tenant}");
                break;

            case "plant-reference" when AnyAutom(other: tenant) is { } victim:
                // A step of this tenant pointing at another tenant's automation: the foreign key includes the tenant id.
                db.Steps.Add(new AutomStep { Action = "planted", AutomId = victim.Id });
                await ExpectRefusedAsync(() => db.SaveChangesAsync(), $"{tenant.Slug} planted a step under {victim.Id} of {victim.Tenant}", reference: true);
                break;

            case "plant-owned" when AnySite(other: tenant) is { } victim:
                var stub = new Site { Id = victim.Id, TenantId = tenant.Id, Name = "stub" };
                db.Sites.Attach(stub);
                stub.Contacts.Add(new SiteContact { Email = "planted@example.com" });
                await ExpectRefusedAsync(() => db.SaveChangesAsync(), $"{tenant.Slug} planted a contact under site {victim.Id} of {victim.Tenant}", reference: true);
                break;

            case "filter-bypass":
                await ExpectRefusedAsync(() => db.Automs.IgnoreQueryFilters().CountAsync(), $"{tenant.Slug} switched the tenant filter off");
                using (_hub.Tenancy.BeginNoTenantScope())
                {
                    await ExpectRefusedAsync(() => db.Secrets.CountAsync(), $"{tenant.Slug} queried with no tenant");
                }

                break;
        }
    }

    // Deleting a tenant through MspHub takes exactly its rows: the report counts them, plain SQL finds every other
    // tenant's rows still there, and a new tenant takes the slot.
    private async Task DeleteTenantAsync(int slot)
    {
        var doomed = _tenants[slot];
        TenantDeletionReport report;
        await using (var scope = _hub.Services.CreateAsyncScope())
        {
            report = await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().DeleteAsync(doomed.Id, doomed.Slug);
        }

        var automs = _automs[doomed.Id].Keys;
        var expected = (Automs: automs.Count, Steps: automs.Sum(id => _steps[id]), Sites: _sites[doomed.Id].Count, Contacts: _sites[doomed.Id].Values.Sum());
        var reported = (Automs: Rows(report, "automs"), Steps: Rows(report, "autom_steps"), Sites: Rows(report, "sites"), Contacts: Rows(report, "site_contacts"));
        Expect(reported == expected, leak: reported.Automs > expected.Automs || reported.Steps > expected.Steps || reported.Sites > expected.Sites || reported.Contacts > expected.Contacts,
            $"deleting {doomed.Slug} reported {reported}, owned {expected}");
        _automs.Remove(doomed.Id);
        _secrets.Remove(doomed.Id);
        _sites.Remove(doomed.Id);

        var rows = await _hub.CountRowsOutsideMspHubAsync();
        var left = (Automs: rows["automs"], Steps: rows["autom_steps"], Sites: rows["sites"], Contacts: rows["site_contacts"]);
        var model = (Automs: _automs.Values.Sum(t => t.Count), Steps: _automs.Values.SelectMany(t => t.Keys).Sum(id => _steps[id]), Sites: _sites.Values.Sum(t => t.Count), Contacts: _sites.Values.SelectMany(t => t.Values).Sum());
        Expect(left == model, leak: true, $"after deleting {doomed.Slug}: {left} rows left, model {model}");

        _tenants[slot] = Tenant.Create($"prop-{slot:D2}-{++_counter}", $"Tenant {slot}");
        await StoreAsync(_tenants[slot]);
    }

    private static int Rows(TenantDeletionReport report, string table) => report.RowsDeleted.GetValueOrDefault(table);

    private async Task CheckTotalsAcrossTenantsAsync()
    {
        using (_hub.AcrossTenants("tests.property-totals"))
        {
            await using var db = _hub.NewDb();
            var all = await db.Automs.Select(a => new { a.Id, a.TenantId, a.Name }).ToListAsync();
            var expected = _automs.SelectMany(t => t.Value.Select(a => (a.Key, t.Key, a.Value))).ToHashSet();
            Expect(all.Select(a => (a.Id, a.TenantId, a.Name)).ToHashSet().SetEquals(expected), leak: false, $"totals: {all.Count} rows, model {expected.Count}");

            // Counted outside MspHub: a cascade or a plant that crossed tenants would change these.
            var steps = await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM autom_steps").SingleAsync();
            var contacts = await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM site_contacts").SingleAsync();
            var expectedSteps = _automs.Values.SelectMany(t => t.Keys).Sum(id => _steps[id]);
            Expect(steps == expectedSteps, leak: true, $"totals: {steps} steps, model {expectedSteps}");
            Expect(contacts == _sites.Values.SelectMany(t => t.Values).Sum(), leak: true, $"totals: {contacts} contacts");
        }
    }

    private (Guid Id, Guid Tenant)? AnySite(Tenant other)
    {
        var owners = _sites.Where(t => t.Key != other.Id && t.Value.Count > 0).ToList();
        if (owners.Count == 0)
        {
            return null;
        }

        var owner = owners[_random.Next(owners.Count)];
        return (owner.Value.Keys.ElementAt(_random.Next(owner.Value.Count)), owner.Key);
    }

    private (Guid Id, Guid Tenant)? AnyAutom(Tenant? other = null)
    {
        var owners = _automs.Where(t => t.Key != other?.Id && t.Value.Count > 0).ToList();
        if (owners.Count == 0)
        {
            return null;
        }

        var owner = owners[_random.Next(owners.Count)];
        return (owner.Value.Keys.ElementAt(_random.Next(owner.Value.Count)), owner.Key);
    }

    private void Compare(Tenant tenant, string what, Dictionary<Guid, (Guid Tenant, string Name)> seen, Dictionary<Guid, string> owned)
    {
        var foreign = seen.Count(s => s.Value.Tenant != tenant.Id || !owned.ContainsKey(s.Key));
        Expect(foreign == 0, leak: true, $"{tenant.Slug} saw {foreign} {what} it does not own");
        Expect(owned.All(o => seen.TryGetValue(o.Key, out var row) && row.Name == o.Value), leak: false, $"{tenant.Slug} {what}: {seen.Count} seen, {owned.Count} owned");
    }

    // A reference into another tenant is refused by the database's foreign key, as a DbUpdateException.
    private async Task ExpectRefusedAsync(Func<Task> attempt, string what, bool reference = false)
    {
        var refused = false;
        try
        {
            await attempt();
        }
        catch (Exception error) when (error is TenantIsolationException or TenantRequiredException or DbUpdateConcurrencyException
            || (reference && error is DbUpdateException))
        {
            refused = true;
        }

        Expect(refused, leak: true, what + " and it went through");
    }

    private void Expect(bool holds, bool leak, string finding)
    {
        if (!holds)
        {
            _findings.Add(finding);
            _leaks += leak ? 1 : 0;
        }
    }

    private sealed record RawAutom(Guid Id, Guid TenantId, string Name);
}

public sealed class SqliteIsolationPropertyShould(ITestOutputHelper output) : IsolationPropertySuite(DatabaseProvider.Sqlite, output);

[RequiresPostgres]
public sealed class PostgresIsolationPropertyShould(ITestOutputHelper output) : IsolationPropertySuite(DatabaseProvider.Postgres, output);
