namespace MspHub;

/// <summary>Where a <see cref="TechnicianGrantRequest"/> stands.</summary>
public enum TechnicianGrantRequestState
{
    /// <summary>Waiting for one of the tenant's administrators; it gives nothing yet.</summary>
    Pending,

    /// <summary>An administrator of the tenant approved it and the grant took effect.</summary>
    Approved,

    /// <summary>An administrator of the tenant declined it; the grant stayed as it was.</summary>
    Declined,

    /// <summary>The MSP replaced it with a newer request, changed the grant directly or revoked it.</summary>
    Withdrawn,
}
