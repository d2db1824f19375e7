using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using MspHub.SampleHub.Data;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Checks a sign-in's password with the same work whether the name belongs to an account or not: a name nobody has,
/// and an invited account still without a password, are checked against a dummy hash made by the same hasher, so the
/// time a refusal takes does not tell which names exist.
/// </summary>
public sealed class AccountPasswords
{
    private static readonly DemoAccount Nobody = new() { UserName = "", PasswordHash = "" };

    private readonly IPasswordHasher<DemoAccount> _hasher;

    // Made once, as the hasher makes every hash (its format and iteration count), from a password nobody knows.
    private readonly string _dummyHash;

    public AccountPasswords(IPasswordHasher<DemoAccount> hasher)
    {
        _hasher = hasher;
        _dummyHash = hasher.HashPassword(Nobody, RandomNumberGenerator.GetHexString(32));
    }

    /// <summary>Whether <paramref name="password"/> is <paramref name="account"/>'s; false, after the same work, when there is no such account or it has no password.</summary>
    public bool Match([NotNullWhen(true)] DemoAccount? account, string password)
    {
        if (account is { PasswordHash.Length: > 0 })
        {
            return _hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
        }

        _ = _hasher.VerifyHashedPassword(Nobody, _dummyHash, password);
        return false;
    }
}
