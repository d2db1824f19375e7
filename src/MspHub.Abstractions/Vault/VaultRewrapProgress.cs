namespace MspHub;

/// <summary>How far re-wrapping data keys under the current key-encryption key has come.</summary>
/// <param name="Rewrapped">Data keys re-wrapped by this run so far.</param>
/// <param name="Remaining">Data keys still wrapped by an older key-encryption key, counted when the run started, less those done.</param>
/// <param name="Cursor">The last tenant done, in tenant id order; the next run starts after it, and a finished run's cursor is the last tenant.</param>
public sealed record VaultRewrapProgress(int Rewrapped, int Remaining, Guid? Cursor);
