namespace MspHub.AspNetCore;

/// <summary>
/// Marks an endpoint that runs with no tenant, whatever the request names: sign-in, health checks, the
/// session endpoints that list tenants. <c>UseMspHub</c> leaves such requests alone.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class SkipTenantResolutionAttribute : Attribute;
