using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Problems;

/// <summary>
/// <c>AddProblemDetailsMapping()</c> behind <c>UseExceptionHandler()</c>: bad input that reaches MspHub is a
/// 4xx, never a 500; database errors are 500s whose text stays in the log; the host's own exceptions stay the host's.
/// </summary>
public sealed class ProblemDetailsMappingShould : IAsyncLifetime
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore(Acme).AddInMemoryAccessStore().AddProblemDetailsMapping());
        _app = builder.Build();
        _app.UseExceptionHandler();
        _app.UseStatusCodePages();
        _app.MapGet("/unknown-user", async (IMspAccessManager access) =>
        {
            await access.SetSystemRoleAsync(Guid.CreateVersion7(), SystemRole.Technician);
            return Results.NoContent();
        });
        _app.MapGet("/page-size/{size:int}", (int size) => Results.Ok(new TenantQuery { PageSize = size }.PageSize));
        _app.MapGet("/tenant-name/{length:int}", (int length) => Results.Ok(Tenant.Create("acme", new string('n', length)).Name));
        _app.MapGet("/host-argument", IResult () => throw new ArgumentException("the host's own secret reasoning"));
        _app.MapGet("/database", () => ExecuteAsync(new SqliteConnection("Data Source=:memory:"), "INSERT INTO secret_table (ssn) VALUES ('123-45-6789')"));
        _app.MapGet("/constraint", () => ExecuteAsync(
            new SqliteConnection("Data Source=:memory:"), "CREATE TABLE secret_keys (name TEXT UNIQUE); INSERT INTO secret_keys VALUES ('k'); INSERT INTO secret_keys VALUES ('k')"));
        _app.MapGet("/not-null", () => ExecuteAsync(
            new SqliteConnection("Data Source=:memory:"), "CREATE TABLE secret_invoices (number TEXT NOT NULL); INSERT INTO secret_invoices VALUES (NULL)"));
        _app.MapGet("/not-null-in-save", IResult () =>
            throw new DbUpdateException("An error occurred while saving the entity changes.", new Npgsql.PostgresException("null value in column \"secret_number\" violates not-null constraint", "ERROR", "ERROR", "23502")));
        _app.MapGet("/postgres/{insert}", (string insert) => ExecuteAsync(
            new Npgsql.NpgsqlConnection(PostgresFactAttribute.ConnectionString),
            "CREATE TEMP TABLE secret_invoices (number text NOT NULL UNIQUE); INSERT INTO secret_invoices VALUES ('k'); "
                + (insert == "null" ? "INSERT INTO secret_invoices VALUES (NULL)" : "INSERT INTO secret_invoices VALUES ('k')")));
        // A role row-level security applies to (not a superuser, not the owner: the policy is forced), writing a row its
        // policy refuses, or writing a table it was never granted.
        _app.MapGet("/postgres-rls/{write}", (string write) => ExecuteAsync(
            new Npgsql.NpgsqlConnection(PostgresFactAttribute.ConnectionString),
            "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'msphub_rls_probe') THEN CREATE ROLE msphub_rls_probe NOSUPERUSER NOBYPASSRLS; END IF; END$$; "
                + "CREATE TEMP TABLE secret_rows (tenant text); CREATE TEMP TABLE secret_ungranted (tenant text); "
                + "ALTER TABLE secret_rows ENABLE ROW LEVEL SECURITY; ALTER TABLE secret_rows FORCE ROW LEVEL SECURITY; "
                + "CREATE POLICY secret_policy ON secret_rows USING (tenant = 'a') WITH CHECK (tenant = 'a'); "
                + "GRANT INSERT ON secret_rows TO msphub_rls_probe; SET ROLE msphub_rls_probe; "
                + (write == "other-tenant" ? "INSERT INTO secret_rows VALUES ('b')" : "INSERT INTO secret_ungranted VALUES ('a')")));
        _app.MapGet("/constraint-in-save", IResult () =>
            throw new DbUpdateException("An error occurred while saving the entity changes.", new Npgsql.PostgresException("insert or update on table \"secret_steps\" violates foreign key constraint", "ERROR", "ERROR", "23503")));
        _app.MapGet("/slug/{slug}", (string slug) => Results.Ok(TenantSlug.Validate(slug)));
        _app.MapGet("/audit/secret", async (IAuditLog audit) =>
            Results.Ok(await audit.RecordAsync(new AuditEntry("sample.login", null) { Detail = new Dictionary<string, string> { ["password"] = "hunter2" } })));
        _app.MapGet("/audit/msp-chain", async (IAuditLog audit) =>
            Results.Ok(await audit.QueryAsync(new AuditQuery { TenantId = null }, Guid.CreateVersion7())));
        _app.MapGet("/connection-lost", IResult () =>
            throw new StoreConnectionLostException("creating tenant 'acme'", duringCommit: false, new InvalidOperationException("server closed the connection: pg_hba secret")));
        _app.MapGet("/read-only", IResult () => throw new TenantReadOnlyException(Guid.CreateVersion7(), PlacementState.ReadOnly, TimeSpan.FromSeconds(59.2)));
        _app.MapGet("/fenced", IResult () => throw new TenantReadOnlyException(Guid.CreateVersion7(), PlacementState.Moving, TimeSpan.FromSeconds(5)));
        _app.MapGet("/isolation", IResult () => throw new TenantIsolationException($"A new 'Autom' names tenant '{Guid.CreateVersion7()}', not the current one."));
        _app.MapGet("/postgres-nul", async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(PostgresFactAttribute.ConnectionString);
            await connection.OpenAsync();
            await using (var create = new Npgsql.NpgsqlCommand("CREATE TEMP TABLE secret_names (name text)", connection))
            {
                await create.ExecuteNonQueryAsync();
            }

            await using var command = new Npgsql.NpgsqlCommand("INSERT INTO secret_names VALUES ($1)", connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = "secret\0name" });
            await command.ExecuteNonQueryAsync();
            return Results.NoContent();
        });
        _app.MapPost("/json", async (HttpRequest request) => Results.Ok(await request.ReadFromJsonAsync<Dictionary<string, string>>()));
        _app.MapGet("/tenant-required", (ITenancy tenancy) => Results.Ok(tenancy.Current.RequireTenant("Entity 'SecretInvoice'").Slug));
        _app.MapGet("/tenant-lookup", async (string? slug, ITenantStore tenants) => Results.Ok(await tenants.FindBySlugAsync(slug!)));
        _app.MapPost("/bound", (Dictionary<string, string> body) => Results.Ok(body.Count));
        _app.MapGet("/bound-query", (int size) => Results.Ok(size));
        _app.MapGet("/concurrency", IResult () => throw new DbUpdateConcurrencyException("Expected to affect 1 row(s), but actually affected 0 row(s) in table automs."));
        _app.MapGet("/null-permissions", async (ITenancy tenancy, ITenantAccessManager access) =>
        {
            using (tenancy.BeginScope(Acme))
            {
                await access.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Boss", Permissions = null! });
            }

            return Results.NoContent();
        });
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static async Task<IResult> ExecuteAsync(DbConnection connection, string sql)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        return Results.NoContent();
    }

    [Fact]
    public async Task Answer_a_key_not_found_in_a_store_with_404()
    {
        var problem = await ProblemAssert.IsAsync(await _client.GetAsync("/unknown-user"), MspHubProblemTypes.NotFound);

        Assert.StartsWith("No user has id", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/page-size/0", "A page holds 1 to 500 tenants.")]
    [InlineData("/tenant-name/1000", "at most")]
    public async Task Answer_an_argument_a_model_refuses_with_400_and_its_reason_without_parameter_noise(string path, string reason)
    {
        var problem = await ProblemAssert.IsAsync(await _client.GetAsync(path), MspHubProblemTypes.InvalidRequest);

        Assert.Contains(reason, problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Actual value", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_an_invalid_slug_with_400_quoting_only_a_short_prefix()
    {
        var response = await _client.GetAsync($"/slug/{new string('x', 5000)}!");

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.InvalidRequest);
        Assert.True(problem.Detail!.Length < 300, problem.Detail);
    }

    [Fact]
    public async Task Answer_a_refused_audit_entry_with_400_and_an_audit_chain_out_of_reach_with_403()
    {
        var secret = await ProblemAssert.IsAsync(await _client.GetAsync("/audit/secret"), MspHubProblemTypes.InvalidRequest);
        var chain = await ProblemAssert.IsAsync(await _client.GetAsync("/audit/msp-chain"), MspHubProblemTypes.PermissionRequired);

        Assert.Contains("names a secret", secret.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", secret.Detail, StringComparison.Ordinal);
        Assert.Contains("MSP admins", chain.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_a_database_error_with_500_that_names_nothing()
    {
        var response = await _client.GetAsync("/database");

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.InternalError);
        Assert.Equal("The request could not be completed.", problem.Detail);
        Assert.DoesNotContain("secret_table", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/constraint", "conflict", "must be unique")]
    [InlineData("/constraint-in-save", "conflict", "must be unique")]
    [InlineData("/not-null", "invalid-request", "A required value was missing from the request")]
    [InlineData("/not-null-in-save", "invalid-request", "A required value was missing from the request")]
    public async Task Answer_a_change_a_constraint_refused_with_409_or_a_missing_required_value_with_400_naming_no_constraint(string path, string type, string reason)
    {
        var response = await _client.GetAsync(path);

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.All.Single(t => t.Name == type));
        Assert.Contains(reason, problem.Detail, StringComparison.Ordinal);
        Assert.Contains("nothing was saved", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Answer_a_missing_required_value_on_PostgreSQL_with_400_and_a_taken_value_with_409()
    {
        var missing = await ProblemAssert.IsAsync(await _client.GetAsync("/postgres/null"), MspHubProblemTypes.InvalidRequest);
        var taken = await ProblemAssert.IsAsync(await _client.GetAsync("/postgres/duplicate"), MspHubProblemTypes.Conflict);

        Assert.Contains("required value was missing", missing.Detail, StringComparison.Ordinal);
        Assert.Contains("must be unique", taken.Detail, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Answer_a_row_that_row_level_security_refuses_with_403_tenant_isolation_and_a_missing_grant_with_500()
    {
        var refused = await _client.GetAsync("/postgres-rls/other-tenant");
        var ungranted = await _client.GetAsync("/postgres-rls/ungranted");

        var problem = await ProblemAssert.IsAsync(refused, MspHubProblemTypes.TenantIsolation);
        Assert.Contains("another tenant's data", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssert.IsAsync(ungranted, MspHubProblemTypes.InternalError);
    }

    [PostgresFact]
    public async Task Answer_a_value_PostgreSQL_cannot_store_with_400_that_names_nothing()
    {
        var response = await _client.GetAsync("/postgres-nul");

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.InvalidRequest);
        Assert.Contains("not one the database can store", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\":", "The body is not valid JSON: the text breaks off or holds an unexpected character at line 1, position 9.")]
    [InlineData("{\"name\": 5}", "The body's field 'name' holds a value of the wrong type.")]
    [InlineData("[1]", "The body must be a JSON object with the fields this endpoint takes.")]
    public async Task Say_what_was_wrong_with_a_body_that_did_not_bind(string body, string detail)
    {
        var response = await _client.PostAsync("/bound", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(detail, (await ProblemAssert.IsAsync(response, MspHubProblemTypes.InvalidRequest)).Detail);
    }

    [Fact]
    public async Task Name_a_query_value_that_did_not_bind()
    {
        var problem = await ProblemAssert.IsAsync(await _client.GetAsync("/bound-query?size=abc"), MspHubProblemTypes.InvalidRequest);
        Assert.Equal("The value of 'size' is missing or not valid.", problem.Detail);
    }

    [Fact]
    public async Task Answer_a_bound_body_that_is_not_json_with_415()
    {
        var response = await _client.PostAsync("/bound", new StringContent("name=acme", System.Text.Encoding.UTF8, "text/plain"));

        await ProblemAssert.IsAsync(response, MspHubProblemTypes.UnsupportedMediaType);
    }

    [Fact]
    public async Task Tell_a_caller_without_a_tenant_what_to_do_and_keep_the_code_level_fix_in_the_log()
    {
        var problem = await ProblemAssert.IsAsync(await _client.GetAsync("/tenant-required"), MspHubProblemTypes.TenantRequired);

        Assert.Contains("sign in to a tenant", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("BeginScope", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("SecretInvoice", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Name_the_value_that_was_missing_rather_than_say_a_value_cannot_be_null()
    {
        var problem = await ProblemAssert.IsAsync(await _client.GetAsync("/tenant-lookup"), MspHubProblemTypes.InvalidRequest);

        Assert.Equal("A required value was missing (slug).", problem.Detail);
    }

    // With UseStatusCodePages, bodiless refusals carry the catalogue's types, never the generic RFC 9110 ones.
    [Fact]
    public async Task Answer_a_path_nothing_maps_with_the_catalogues_404()
    {
        var response = await _client.GetAsync("/nothing-here");

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.NotFound);
        Assert.Equal("Nothing is found at this address.", problem.Detail);
    }

    [Fact]
    public async Task Answer_json_in_a_charset_the_server_cannot_read_with_415()
    {
        var content = new StringContent("{\"name\": \"acme\"}", new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "bogus" });

        var response = await _client.PostAsync("/json", content);

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.UnsupportedMediaType);
        Assert.Contains("send JSON as UTF-8", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_a_lost_database_connection_with_503_that_says_nothing_changed_and_hides_the_provider()
    {
        var response = await _client.GetAsync("/connection-lost");

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.StoreUnavailable);
        Assert.Contains("nothing was changed", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("pg_hba", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/read-only", "60", "read-only for now")]
    [InlineData("/fenced", "5", "being moved")]
    public async Task Answer_a_write_to_a_tenant_that_takes_none_now_with_503_and_when_to_retry(string path, string retryAfter, string reason)
    {
        var response = await _client.GetAsync(path);

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.TenantReadOnly);
        Assert.Equal(retryAfter, response.Headers.GetValues("Retry-After").Single());
        Assert.Contains(reason, problem.Detail, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_a_refusal_to_cross_tenants_with_403_that_names_nothing()
    {
        var response = await _client.GetAsync("/isolation");

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.TenantIsolation);
        Assert.Contains("another tenant's data", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Autom", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_a_save_that_matched_no_row_with_409()
    {
        var problem = await ProblemAssert.IsAsync(await _client.GetAsync("/concurrency"), MspHubProblemTypes.Conflict);

        Assert.DoesNotContain("automs", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_a_null_list_reaching_MspHub_with_400()
    {
        await ProblemAssert.IsAsync(await _client.GetAsync("/null-permissions"), MspHubProblemTypes.InvalidRequest);
    }

    [Fact]
    public async Task Leave_the_hosts_own_argument_errors_to_the_host()
    {
        var response = await _client.GetAsync("/host-argument");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret reasoning", body, StringComparison.Ordinal);
        Assert.DoesNotContain(MspHubProblemTypes.BaseUri, body, StringComparison.Ordinal);
    }
}
