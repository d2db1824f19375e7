namespace MspHub;

/// <summary>
/// Thrown when a caller asks for a subtree whose root they cannot enter. The message is the same whether the
/// root does not exist, is being deleted or is merely out of reach, so it tells the caller nothing about other tenants.
/// </summary>
public sealed class SubtreeAccessDeniedException : MspHubException
{
    /// <summary>Creates the exception for the root <paramref name="rootId"/>.</summary>
    public SubtreeAccessDeniedException(Guid rootId)
        : base($"You cannot act in tenant {rootId}, so its subtree cannot be opened. Nothing was read.")
    {
        RootId = rootId;
    }

    /// <summary>The root that was asked for.</summary>
    public Guid RootId { get; }
}
