using System.Text.Json;

namespace MspHub.Abstractions.Tests.ApiKeys;

public sealed class ApiKeyShould
{
    [Fact]
    public void Leave_its_secret_hash_out_when_written_as_JSON_as_an_endpoint_returning_a_listing_would()
    {
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            TenantId = Guid.CreateVersion7(),
            Name = "backup agent",
            Prefix = "abcdefghijkl",
            SecretHash = [.. Enumerable.Range(1, 32).Select(i => (byte)i)],
            Permissions = ["automs.view"],
            CreatedBy = Guid.CreateVersion7(),
            CreatedAt = DateTimeOffset.UnixEpoch,
            ExpiresAt = DateTimeOffset.UnixEpoch.AddDays(30),
        };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(key, JsonSerializerOptions.Web));

        Assert.False(json.RootElement.TryGetProperty("secretHash", out _));
        Assert.Equal("backup agent", json.RootElement.GetProperty("name").GetString());
    }
}
