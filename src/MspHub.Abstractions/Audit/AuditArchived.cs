namespace MspHub;

/// <summary>An archive written through <see cref="IAuditArchive"/>: what it holds, where it is, and the SHA-256 of its bytes, which the chain records so the archive can be checked later.</summary>
/// <param name="Range">The chain and records archived.</param>
/// <param name="Location">Where the sink stored it.</param>
/// <param name="Sha256">The SHA-256 of the archive's bytes, as MspHub wrote them; 64 lowercase hex digits.</param>
/// <param name="LastHash">The hash of the last record archived (<see cref="AuditArchiveRange.ToSequence"/>).</param>
public sealed record AuditArchived(AuditArchiveRange Range, string Location, string Sha256, string LastHash);
