namespace MspHub;

/// <summary>
/// One line of what the MSP holds in a client tenant, as the tenant's administrators see it: who, with what,
/// since and until when, and whether it is in force or waiting for their consent.
/// </summary>
/// <param name="TechnicianId">The technician.</param>
/// <param name="TechnicianName">The technician's user name, so the tenant knows whom it trusts.</param>
/// <param name="Permissions">The permissions held, or asked for when <paramref name="IsPending"/>.</param>
/// <param name="GrantedAt">When the grant took effect; <see langword="null"/> while pending, or for a grant saved before this was kept.</param>
/// <param name="ExpiresAt">When it ends by itself; <see langword="null"/> for a grant until revoked.</param>
/// <param name="IsPending">Whether it waits for the tenant's consent (and gives nothing yet).</param>
/// <param name="RequestId">The request to approve or decline when <paramref name="IsPending"/>.</param>
public sealed record DelegatedAccessEntry(
    Guid TechnicianId,
    string TechnicianName,
    IReadOnlyList<string> Permissions,
    DateTimeOffset? GrantedAt,
    DateTimeOffset? ExpiresAt,
    bool IsPending,
    Guid? RequestId)
{
    /// <summary>
    /// The technician's elevation in force on this grant now (<see cref="ITechnicianElevation"/>): the extra permissions,
    /// the reason given and when they end; <see langword="null"/> when there is none, and always on a pending line.
    /// </summary>
    public TechnicianElevation? Elevation { get; init; }

    /// <summary>
    /// The ancestor tenant where this grant was given for its whole subtree (<see cref="TechnicianGrant.IncludesDescendants"/>),
    /// so a site's administrators see that a technician granted at the client can act in the site too, and know where to ask
    /// for it to end: the line is read-only here, and only that ancestor (or the MSP) revokes it. <see langword="null"/> for
    /// the tenant's own grants and requests.
    /// </summary>
    public Guid? InheritedFrom { get; init; }
}
