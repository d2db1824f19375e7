namespace MspHub.SampleHub.Operations.Team;

/// <summary>A role as the users page shows it: the tenant's own, or inherited from a tenant above and read-only here.</summary>
/// <param name="Role">The role.</param>
/// <param name="Inherited">Whether a tenant above defines it: assignable here, changed only there.</param>
public sealed record TeamRole(TenantRole Role, bool Inherited)
{
    public string Name => Role.Name;
}
