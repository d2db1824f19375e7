namespace MspHub.SampleHub.Operations.Grants;

/// <summary>
/// One tenant's line of a technician's grant matrix: the grant held there (in force or expired), and the ancestor whose
/// subtree grant also reaches this tenant, if any.
/// </summary>
public sealed record GrantRow(Tenant Tenant, TechnicianGrant? Grant, bool InForce, Tenant? CoveredFrom);
