namespace MspHub.SampleHub.Api;

/// <summary>Signs a demo account in; the answer's token goes in an <c>Authorization: Bearer</c> header.</summary>
public sealed record SignInRequest(string UserName, string Password, string? Tenant = null);
