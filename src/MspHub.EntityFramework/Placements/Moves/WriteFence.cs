using System.Buffers.Binary;

namespace MspHub.EntityFramework;

/// <summary>
/// The database side of a move's write fence, in PostgreSQL advisory locks on the source database. Every write
/// transaction of a routed tenant data context takes the tenant's fence key in shared mode without waiting; a move
/// takes it exclusively once the catalog fences writes, which waits for the writes already under way and refuses every
/// later one in the database itself, whatever a node's cached placement still says. A mover that dies frees it with
/// its session, so a dead move never leaves a tenant fenced in the database.
/// </summary>
internal static class WriteFence
{
    /// <summary>The SQLSTATE a fenced write fails with (a class of MspHub's own, no PostgreSQL condition uses it).</summary>
    public const string FencedState = "MH001";

    // The classid of the two-key advisory locks that keep two movers of one tenant apart: "MSPH".
    private const int MoveLockClass = 0x4D535048;

    /// <summary>The tenant's fence key: its id folded to 64 bits.</summary>
    public static long KeyOf(Guid tenantId)
    {
        Span<byte> bytes = stackalloc byte[16];
        tenantId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes) ^ BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
    }

    /// <summary>Takes the fence key in shared mode for the transaction, or returns false when a move holds it.</summary>
    public static string TryEnter(Guid tenantId) => $"SELECT pg_try_advisory_xact_lock_shared({KeyOf(tenantId)})";

    /// <summary>
    /// A statement to put in front of a single write command run outside a transaction (ExecuteUpdate, ExecuteDelete,
    /// raw SQL): the command's statements share one implicit transaction, so the shared key is held until they end.
    /// </summary>
    public static string Guard(Guid tenantId) =>
        $"DO $$BEGIN IF NOT pg_try_advisory_xact_lock_shared({KeyOf(tenantId)}) THEN "
        + $"RAISE EXCEPTION 'The tenant''s writes are fenced while it moves to another database.' USING ERRCODE = '{FencedState}'; END IF; END$$;\n";

    /// <summary>Takes the fence key exclusively for the session, waiting (up to the session's lock_timeout) for writes under way.</summary>
    public static string Close(Guid tenantId) => $"SELECT pg_advisory_lock({KeyOf(tenantId)})";

    /// <summary>Takes the tenant's move key for the session, or returns false when another mover holds it.</summary>
    public static string TryClaimMove(Guid tenantId) => $"SELECT pg_try_advisory_lock({MoveLockClass}, {(int)KeyOf(tenantId)})";
}
