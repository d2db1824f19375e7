using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore.Tests.Problems;

/// <summary>What a <c>MapMspHub()</c> endpoint throws becomes a problem, unless the endpoint has started its response.</summary>
public sealed class ProblemEndpointFilterShould
{
    [Fact]
    public async Task Answer_an_error_before_the_response_starts_with_its_problem()
    {
        var answer = await new ProblemEndpointFilter().InvokeAsync(Invocation(started: false), _ => throw new ConflictException("tenant", "slug", "acme"));

        Assert.Equal(MspHubProblemTypes.Conflict, Assert.IsType<MspHubProblem>(answer).Type);
    }

    // A streamed export that fails part way: setting a status over the bytes sent would throw and hide the error.
    [Fact]
    public async Task Leave_an_error_after_the_response_started_to_the_server()
    {
        var filter = new ProblemEndpointFilter();

        await Assert.ThrowsAsync<ConflictException>(
            () => filter.InvokeAsync(Invocation(started: true), _ => throw new ConflictException("tenant", "slug", "acme")).AsTask());
    }

    private static EndpointFilterInvocationContext Invocation(bool started)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        if (started)
        {
            http.Features.Set<IHttpResponseFeature>(new StartedResponse());
        }

        return EndpointFilterInvocationContext.Create(http);
    }

    private sealed class StartedResponse : HttpResponseFeature
    {
        public override bool HasStarted => true;
    }
}
