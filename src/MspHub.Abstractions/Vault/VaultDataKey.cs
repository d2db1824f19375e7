using System.Security.Cryptography;

namespace MspHub;

/// <summary>
/// A tenant's unwrapped data key, lent out while the data-key cache may let go of it at any moment (evicted for room,
/// expired, shredded). Each holder, the cache included, holds it once; the last to let go zeroes the bytes. So a key
/// leaves memory as soon as nobody uses it, and never under an encryption that is using it.
/// </summary>
internal sealed class VaultDataKey(byte[] bytes) : IDisposable
{
    private int _holds = 1;

    /// <summary>The key; valid until this holder disposes it.</summary>
    public byte[] Bytes => bytes;

    /// <summary>Holds the key once more, unless it was already zeroed.</summary>
    public bool TryHold()
    {
        var holds = Volatile.Read(ref _holds);
        while (holds > 0)
        {
            var seen = Interlocked.CompareExchange(ref _holds, holds + 1, holds);
            if (seen == holds)
            {
                return true;
            }

            holds = seen;
        }

        return false;
    }

    /// <summary>Lets go of one hold; the last zeroes the key.</summary>
    public void Dispose()
    {
        if (Interlocked.Decrement(ref _holds) == 0)
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
