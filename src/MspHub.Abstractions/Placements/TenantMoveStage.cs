namespace MspHub;

/// <summary>The stages of a tenant move, in order.</summary>
public enum TenantMoveStage
{
    /// <summary>The placement is marked moving and the target database made ready; the tenant keeps working.</summary>
    Preparing,

    /// <summary>The tenant's rows are copied to the target while it keeps reading and writing its source.</summary>
    Copying,

    /// <summary>Writes are fenced and every write already under way has finished; from here the source cannot change.</summary>
    Fenced,

    /// <summary>What changed during the copy is copied again and every table is compared by row count and hash.</summary>
    Verifying,

    /// <summary>The placement now names the target; the tenant writes there again.</summary>
    Flipped,

    /// <summary>The source's copy of the tenant's rows is being removed.</summary>
    Purging,
}
