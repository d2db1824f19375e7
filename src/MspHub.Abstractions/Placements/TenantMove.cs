namespace MspHub;

/// <summary>One tenant's move to another placement, as <see cref="ITenantMover.MoveAsync"/> takes it.</summary>
/// <param name="TenantId">The tenant to move.</param>
/// <param name="Server">The configured name of the server to move it to.</param>
/// <param name="Kind">Into that server's shared database, or a dedicated database of its own there.</param>
/// <param name="Caller">Who asks, as the operation gate and the audit record see them.</param>
public sealed record TenantMove(Guid TenantId, string Server, PlacementKind Kind, GateCaller Caller)
{
    /// <summary>The approved request this call executes, when the move is gated at L2.</summary>
    public Guid? ApprovalId { get; init; }
}
