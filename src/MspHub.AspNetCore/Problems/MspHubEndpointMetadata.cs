namespace MspHub.AspNetCore;

/// <summary>Marks the endpoints <c>MapMspHub()</c> maps, so a failed sign-in there is answered with ProblemDetails too.</summary>
internal sealed class MspHubEndpointMetadata
{
    public static MspHubEndpointMetadata Instance { get; } = new();

    private MspHubEndpointMetadata()
    {
    }
}
