using System.Text.Json;

namespace MspHub.Abstractions.Tests.Tenants;

public class TenantShould
{
    [Fact]
    public void Create_an_active_tenant_with_a_version_7_id_stamped_by_the_given_clock()
    {
        var clock = TestClock.Create();

        var tenant = Tenant.Create("contoso", "Contoso Ltd", timeProvider: clock);

        Assert.Equal(7, tenant.Id.Version);
        Assert.Equal(clock.GetUtcNow(), tenant.CreatedAt);
        Assert.Equal(TenantStatus.Active, tenant.Status);
        Assert.False(tenant.IsAdminTenancy);
        Assert.Null(tenant.ParentId);
    }

    [Fact]
    public void Keep_the_creation_time_in_UTC_to_the_millisecond()
    {
        var tenant = Tenant.Create("contoso", "Contoso") with
        {
            CreatedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(12_345_678),
        };

        Assert.Equal(TimeSpan.Zero, tenant.CreatedAt.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 1, 234, TimeSpan.Zero), tenant.CreatedAt);
    }

    [Fact]
    public void Order_ids_by_creation_time()
    {
        var clock = TestClock.Create();
        var first = Tenant.Create("first", "First", timeProvider: clock);
        clock.Advance(TimeSpan.FromMilliseconds(5));
        var second = Tenant.Create("second", "Second", timeProvider: clock);

        Assert.True(first.Id.CompareTo(second.Id) < 0);
    }

    [Fact]
    public void Refuse_an_invalid_slug_in_a_with_expression()
    {
        var tenant = Tenant.Create("contoso", "Contoso Ltd");

        var error = Assert.Throws<InvalidTenantSlugException>(() => tenant with { Slug = "Contoso" });

        Assert.Equal(TenantSlugRule.Characters, error.Rule);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Refuse_a_blank_name(string name) =>
        Assert.Throws<ArgumentException>(() => Tenant.Create("contoso", name));

    // Shown in tenant switchers and lists: nothing that makes it read as something else, or that PostgreSQL refuses (NUL).
    [Theory]
    [InlineData("Acme\0")]
    [InlineData("Acme\nLtd")]
    [InlineData("Acme\u0085")]
    [InlineData("\u202Eemca")]
    [InlineData("Acme\u2066")]
    [InlineData("Acme\u061C")]
    [InlineData("Acme\u2028Ltd")]
    [InlineData("Acme\u2029Ltd")]
    [InlineData("Ac\u200Bme")]
    [InlineData("Ac\u00ADme")]
    [InlineData("\uFEFFAcme")]
    [InlineData("Ac\u2060me")]
    [InlineData("Ac\u200Dme")]
    [InlineData("Acme\u200C")]
    [InlineData("Ac\u3164me")]
    public void Refuse_a_name_that_is_not_plain_text_on_one_line(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Tenant.Create("contoso", name));

        Assert.Contains("plain text on one line", error.Message, StringComparison.Ordinal);
    }

    // The joiners are invisible too, but emoji sequences and scripts such as Persian need them.
    [Theory]
    [InlineData("Acme \U0001F468\u200D\U0001F4BB")]
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645")]
    [InlineData("\u182E\u180E\u1820")]
    public void Accept_a_name_with_the_joiners_scripts_and_emoji_need(string name) =>
        Assert.Equal(name, Tenant.Create("contoso", name).Name);

    [Fact]
    public void Keep_names_in_any_script_and_with_spaces()
    {
        Assert.Equal("Müller & Söhne GmbH", Tenant.Create("mueller", "Müller & Söhne GmbH").Name);
        Assert.Equal("شركة عكمي", Tenant.Create("acme-ar", "شركة عكمي").Name);
        Assert.Equal("Acme \U0001F680", Tenant.Create("acme", "Acme \U0001F680").Name);
    }

    // Half of a surrogate pair has no UTF-8 form: PostgreSQL refuses to store it, and JSON cannot carry it. (Built here,
    // not in attributes, whose strings are stored as UTF-8 and so could not hold the halves.)
    [Fact]
    public void Refuse_a_name_holding_half_of_a_surrogate_pair()
    {
        const char High = '\uD83D', Low = '\uDE80';
        foreach (var name in new[] { $"Acme {High}", $"{Low} Acme", $"Acme {Low}{High}", $"{High}{High}{Low}" })
        {
            var error = Assert.Throws<ArgumentException>(() => Tenant.Create("contoso", name));

            Assert.Contains("half of a surrogate pair", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Refuse_a_name_longer_than_the_limit()
    {
        var error = Assert.Throws<ArgumentException>(() => Tenant.Create("contoso", new string('n', Tenant.MaxNameLength + 1)));

        Assert.Contains($"at most {Tenant.MaxNameLength}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuse_empty_ids_and_unknown_statuses()
    {
        var tenant = Tenant.Create("contoso", "Contoso Ltd");

        Assert.Throws<ArgumentException>(() => tenant with { Id = Guid.Empty });
        Assert.Throws<ArgumentException>(() => tenant with { ParentId = Guid.Empty });
        Assert.Throws<ArgumentOutOfRangeException>(() => tenant with { Status = (TenantStatus)42 });
    }

    [Fact]
    public void Keep_a_parent_for_the_hierarchy()
    {
        var msp = Tenant.Create("msp", "The MSP");

        var client = Tenant.Create("client-a", "Client A", msp.Id);

        Assert.Equal(msp.Id, client.ParentId);
    }

    [Fact]
    public void Write_its_status_by_name_in_json_and_read_it_back()
    {
        var suspended = Tenant.Create("contoso", "Contoso Ltd") with { Status = TenantStatus.Suspended };

        var json = JsonSerializer.Serialize(suspended, JsonSerializerOptions.Web);
        var read = JsonSerializer.Deserialize<Tenant>(json, JsonSerializerOptions.Web);
        var fromNumber = JsonSerializer.Deserialize<Tenant>(json.Replace("\"Suspended\"", "1", StringComparison.Ordinal), JsonSerializerOptions.Web);

        Assert.Contains("\"status\":\"Suspended\"", json, StringComparison.Ordinal);
        Assert.Equal(suspended, read);
        Assert.Equal(TenantStatus.Suspended, fromNumber!.Status);
    }
}
