namespace MspHub;

/// <summary>A user as an external system describes it, with the tenants (by their external ids) they belong to.</summary>
/// <param name="ExternalId">Its id in that system.</param>
/// <param name="UserName">The user name.</param>
/// <param name="TenantExternalIds">The tenants the user is a member of.</param>
public sealed record ImportedUser(string ExternalId, string UserName, IReadOnlyList<string> TenantExternalIds);
