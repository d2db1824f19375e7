using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// One budget: a tenant's, or, when no tenant is named, one caller's: the signed-in user's, else the client address's.
/// The limit is part of the key, so a changed limit starts a new budget at once instead of waiting for the old limiter to go idle.
/// </summary>
internal readonly record struct TenantPartitionKey(Guid TenantId, string? Caller, TenantRateLimit Limit)
{
    /// <summary>The budget of a request that names no tenant.</summary>
    public static TenantPartitionKey ForCaller(HttpContext http, TenantRateLimit limit) =>
        new(Guid.Empty, SessionClaims.Of(http.User).UserId is { } userId ? $"user:{userId:N}" : AddressOf(http.Connection.RemoteIpAddress), limit);

    // One IPv6 host holds a whole /64 (SLAAC, privacy addresses), so a budget per full address would be one per request
    // for anyone who rotates them; the /64 is what one host or site can use.
    private static string AddressOf(IPAddress? address)
    {
        if (address is null)
        {
            return "address:unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return $"address:{address.MapToIPv4()}";
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return $"address:{address}";
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return $"address:{new IPAddress(bytes)}/64";
    }
}
