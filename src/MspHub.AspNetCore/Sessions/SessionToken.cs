namespace MspHub.AspNetCore;

/// <summary>An issued session token.</summary>
/// <param name="Token">The compact JWT, for an <c>Authorization: Bearer</c> header.</param>
/// <param name="ExpiresAt">When the token stops being accepted.</param>
/// <param name="TenantId">The tenant the token makes active, if any.</param>
public sealed record SessionToken(string Token, DateTimeOffset ExpiresAt, Guid? TenantId);
