using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Audit;

/// <summary>The OSCAL export is a valid NIST OSCAL 1.0.6 assessment-results document, one observation per record, chain fields as properties.</summary>
public sealed class AuditOscalExportShould : IAsyncLifetime
{
    private static readonly Guid Contoso = Guid.CreateVersion7();

    // Loaded once: the schema registers its anchors in the library's global registry, which refuses them a second time.
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Audit", "Schemas", "oscal_assessment-results_schema_v1.0.6.json")));
    private readonly HubUser _admin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private ServiceProvider _services = null!;
    private AsyncServiceScope _scope;

    private IAuditLog Log => _scope.ServiceProvider.GetRequiredService<IAuditLog>();

    public async Task InitializeAsync()
    {
        _services = Hub.Build(hub => hub.AddInMemoryTenantStore().AddInMemoryAccessStore());
        _scope = _services.CreateAsyncScope();
        await _scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(_admin);
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Write_a_document_valid_against_the_oscal_schema_with_one_observation_per_record()
    {
        await Log.RecordAsync(new AuditEntry("sample.autom.created", Contoso) { TargetType = "autom", TargetId = "a1", Actor = AuditActor.User(_admin.Id) });
        await Log.RecordAsync(new AuditEntry("sample.autom.renamed", Contoso)
        {
            Reason = " padded reason ",
            CorrelationId = "",
            Detail = new Dictionary<string, string> { ["0-name"] = "Backup", ["note"] = "two\nlines" },
        });
        var records = new List<AuditRecord>();
        await foreach (var record in _scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadAsync(Contoso, 1, null))
        {
            records.Add(record);
        }

        var document = await ExportAsync(Contoso);

        var evaluation = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(evaluation.IsValid, JsonSerializer.Serialize(evaluation.Details?.Where(d => d.Errors is not null).Select(d => new { d.InstanceLocation, d.Errors })));

        // The schema is really applied: a version 7 UUID (what MspHub's own ids are) in an observation is refused.
        var broken = System.Text.Json.Nodes.JsonNode.Parse(document.RootElement.GetRawText())!;
        broken["assessment-results"]!["results"]![0]!["observations"]![0]!["uuid"] = Guid.CreateVersion7().ToString();
        Assert.False(Schema.Value.Evaluate(JsonDocument.Parse(broken.ToJsonString()).RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid);

        var result = document.RootElement.GetProperty("assessment-results").GetProperty("results")[0];
        var observations = result.GetProperty("observations").EnumerateArray().ToList();
        Assert.Equal(records.Count, observations.Count);
        var second = Props(observations[1]);
        Assert.Equal(("2", records[1].PreviousHash, records[1].Hash, "sample.autom.renamed"), (second["sequence"].Value, second["previous-hash"].Value, second["hash"].Value, second["action"].Value));
        Assert.Equal(("\" padded reason \"", "json-quoted"), (second["reason"].Value, second["reason"].Class));
        Assert.Equal("\"\"", second["correlation-id"].Value);
        Assert.Equal(("Backup", "\"two\\nlines\""), (second["detail.0-name"].Value, second["detail.note"].Value));
        Assert.Equal(Contoso.ToString(), Props(observations[0])["chain"].Value);
        Assert.Equal(observations[0].GetProperty("uuid").GetString(), Observations(await ExportAsync(Contoso))[0].GetProperty("uuid").GetString());
    }

    [Fact]
    public async Task Write_a_valid_document_for_a_range_with_no_records()
    {
        var document = await ExportAsync(Contoso);

        Assert.True(Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid);
        Assert.False(document.RootElement.GetProperty("assessment-results").GetProperty("results")[0].TryGetProperty("observations", out _));
    }

    private async Task<JsonDocument> ExportAsync(Guid chain)
    {
        using var destination = new MemoryStream();
        await Log.ExportAsync(new AuditExport { TenantId = chain, Format = AuditExportFormat.OscalAssessmentResults }, _admin.Id, destination);
        return JsonDocument.Parse(destination.ToArray());
    }

    private static List<JsonElement> Observations(JsonDocument document) =>
        [.. document.RootElement.GetProperty("assessment-results").GetProperty("results")[0].GetProperty("observations").EnumerateArray()];

    private static Dictionary<string, (string? Value, string? Class)> Props(JsonElement observation) =>
        observation.GetProperty("props").EnumerateArray().ToDictionary(
            p => p.GetProperty("name").GetString()!,
            p => (p.GetProperty("value").GetString(), p.TryGetProperty("class", out var c) ? c.GetString() : null));
}
