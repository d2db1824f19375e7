using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Resolution;

public class TenantResolverShould
{
    private static readonly Tenant Contoso = Tenant.Create("contoso", "Contoso");
    private static readonly Tenant Fabrikam = Tenant.Create("fabrikam", "Fabrikam");
    private readonly CountingTenantStore _store = new(new InMemoryTenantStore([Contoso, Fabrikam]));

    private ITenantResolver<Message> BuildResolver(Action<TenantResolutionBuilder<Message>> strategies) =>
        Hub.Build(
                hub => hub.AddTenantStore<CountingTenantStore>(ServiceLifetime.Singleton).ResolveTenantFrom(strategies),
                services => services.AddSingleton(_store))
            .GetRequiredService<ITenantResolver<Message>>();

    private ITenantResolver<Message> BuildStandard() => BuildResolver(r => r
        .Add("claim", m => m.Claim)
        .Add("header", m => m.Header));

    [Fact]
    public async Task Report_the_tenant_and_the_strategy_that_found_it()
    {
        var resolver = BuildStandard();

        var result = await resolver.ResolveAsync(new Message(Header: "contoso"));

        Assert.True(result.IsResolved);
        Assert.Equal(Contoso, result.Tenant);
        Assert.Equal("header", result.StrategyName);
        Assert.Equal("contoso", result.Identifier.ToString());
    }

    [Fact]
    public async Task Let_the_first_strategy_with_an_identifier_decide()
    {
        var resolver = BuildStandard();

        var result = await resolver.ResolveAsync(new Message(Claim: "fabrikam", Header: "contoso"));

        Assert.Equal(Fabrikam, result.Tenant);
        Assert.Equal("claim", result.StrategyName);
    }

    [Fact]
    public async Task Not_fall_through_to_a_weaker_strategy_when_the_deciding_identifier_is_unknown()
    {
        var resolver = BuildStandard();

        var result = await resolver.ResolveAsync(new Message(Claim: "deleted-tenant", Header: "contoso"));

        Assert.Equal(TenantResolutionOutcome.NotFound, result.Outcome);
        Assert.Null(result.Tenant);
        Assert.Equal("claim", result.StrategyName);
    }

    [Theory]
    [InlineData("CONTOSO")]
    [InlineData("Contoso")]
    public async Task Match_slugs_ignoring_case(string identifier)
    {
        var resolver = BuildStandard();

        var result = await resolver.ResolveAsync(new Message(Header: identifier));

        Assert.Equal(Contoso, result.Tenant);
    }

    [Fact]
    public async Task Resolve_tenant_ids_as_well_as_slugs()
    {
        var resolver = BuildStandard();

        var result = await resolver.ResolveAsync(new Message(Claim: Fabrikam.Id.ToString()));

        Assert.Equal(Fabrikam, result.Tenant);
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("../../etc")]
    [InlineData("admin")]
    public async Task Return_not_found_rather_than_throw_for_unknown_identifiers(string identifier)
    {
        var resolver = BuildStandard();

        var result = await resolver.ResolveAsync(new Message(Header: identifier));

        Assert.Equal(TenantResolutionOutcome.NotFound, result.Outcome);
        Assert.Equal("header", result.StrategyName);
    }

    [Fact]
    public async Task Keep_malformed_identifiers_away_from_the_store()
    {
        var resolver = BuildStandard();

        await resolver.ResolveAsync(new Message(Header: "<script>alert(1)</script>"));
        await resolver.ResolveAsync(new Message(Header: new string('a', 10_000)));

        Assert.Equal(0, _store.Lookups);
    }

    [Fact]
    public async Task Report_no_identifier_when_no_strategy_finds_one()
    {
        var resolver = BuildStandard();

        var result = await resolver.ResolveAsync(new Message());

        Assert.Equal(TenantResolutionOutcome.NoIdentifier, result.Outcome);
        Assert.Null(result.StrategyName);
        Assert.True(result.Identifier.IsEmpty);
    }

    [Fact]
    public async Task Answer_warm_look_ups_from_the_cache()
    {
        var resolver = BuildStandard();

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await resolver.ResolveAsync(new Message(Header: "contoso"))).IsResolved);
        }

        Assert.Equal(1, _store.Lookups);
    }

    [Fact]
    public async Task Try_strategies_added_by_later_calls_after_earlier_ones()
    {
        var resolver = Hub.Build(hub => hub
                .AddInMemoryTenantStore(Contoso, Fabrikam)
                .ResolveTenantFrom<Message>(r => r.Add("claim", m => m.Claim))
                .ResolveTenantFrom<Message>(r => r.Add("header", m => m.Header)))
            .GetRequiredService<ITenantResolver<Message>>();

        var result = await resolver.ResolveAsync(new Message(Claim: "fabrikam", Header: "contoso"));

        Assert.Equal("claim", result.StrategyName);
    }

    [Fact]
    public async Task Honour_cancellation_in_custom_strategies()
    {
        var resolver = BuildResolver(r => r.Add(new CancellableStrategy()));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await resolver.ResolveAsync(new Message(), cancelled.Token));
    }

    [Theory]
    [InlineData(null, "fabrikam", "header")]
    [InlineData("contoso", "fabrikam", "async-claim")]
    [InlineData("nobody", "fabrikam", "async-claim")]
    public async Task Resolve_through_strategies_that_complete_asynchronously(string? claim, string header, string expectedStrategy)
    {
        var resolver = BuildResolver(r => r.Add(new YieldingStrategy()).Add("header", m => m.Header));

        var result = await resolver.ResolveAsync(new Message(claim, header));

        Assert.Equal(expectedStrategy, result.StrategyName);
        Assert.Equal(claim ?? header, result.Identifier.ToString());
        Assert.Equal(claim is null or "contoso", result.IsResolved);
    }

    public sealed record Message(string? Claim = null, string? Header = null);

    private sealed class YieldingStrategy : ITenantResolutionStrategy<Message>
    {
        public string Name => "async-claim";

        public async ValueTask<TenantIdentifier> GetIdentifierAsync(Message request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return request.Claim;
        }
    }

    private sealed class CancellableStrategy : ITenantResolutionStrategy<Message>
    {
        public string Name => "cancellable";

        public async ValueTask<TenantIdentifier> GetIdentifierAsync(Message request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return TenantIdentifier.None;
        }
    }
}
