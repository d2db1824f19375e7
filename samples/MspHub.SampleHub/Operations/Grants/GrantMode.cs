namespace MspHub.SampleHub.Operations.Grants;

/// <summary>How a saved grant matrix meets the grants already held.</summary>
public enum GrantMode
{
    /// <summary>Ticked permissions are added to each tenant's grant; unticking takes nothing away.</summary>
    Add,

    /// <summary>Each tenant's grant becomes exactly what is ticked; a tenant with nothing ticked is revoked.</summary>
    Replace,
}
