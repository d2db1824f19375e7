using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MspHub;

/// <summary>
/// A health check an MspHub package contributes (licence state, row-level security posture, ...). Packages register
/// one in the service collection when the host adds them; <see cref="MspHubHealthChecksBuilderExtensions.AddMspHubHealthChecks"/>
/// turns each into a host health check, so one call covers whichever MspHub packages the host uses.
/// </summary>
/// <param name="Name">The health check's name in reports, unique per host.</param>
/// <param name="Create">Creates the check from the service scope of the health check run.</param>
public sealed record MspHubHealthCheck(string Name, Func<IServiceProvider, IHealthCheck> Create);
