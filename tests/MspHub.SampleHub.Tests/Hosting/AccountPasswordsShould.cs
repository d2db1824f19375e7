using Microsoft.AspNetCore.Identity;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Tests.Hosting;

/// <summary>A sign-in's password check costs the same work whether the name belongs to an account or not.</summary>
public sealed class AccountPasswordsShould
{
    private readonly RecordingHasher _hasher = new();

    [Fact]
    public void Check_a_name_nobody_has_against_a_hash_as_costly_as_an_accounts()
    {
        var passwords = new AccountPasswords(_hasher);
        var account = Account("tina", "demo-tina");

        Assert.False(passwords.Match(null, "demo-tina"));
        Assert.False(passwords.Match(account, "guess"));

        Assert.Equal(2, _hasher.Verified.Count);
        Assert.Equal(CostOf(account.PasswordHash), CostOf(_hasher.Verified[0]));
    }

    [Fact]
    public void Check_an_account_without_a_password_as_costly_as_one_with()
    {
        var passwords = new AccountPasswords(_hasher);
        var invited = new DemoAccount { UserName = "newcomer", PasswordHash = "" };

        Assert.False(passwords.Match(invited, ""));

        Assert.Equal(CostOf(Account("tina", "demo-tina").PasswordHash), CostOf(Assert.Single(_hasher.Verified)));
    }

    [Fact]
    public void Accept_the_accounts_own_password()
    {
        var passwords = new AccountPasswords(_hasher);

        Assert.True(passwords.Match(Account("tina", "demo-tina"), "demo-tina"));
    }

    private DemoAccount Account(string userName, string password)
    {
        var account = new DemoAccount { UserName = userName, PasswordHash = "" };
        account.PasswordHash = _hasher.HashPassword(account, password);
        return account;
    }

    // What sets PBKDF2's work: the hash format, pseudo-random function and iteration count heading an Identity v3 hash, and its length.
    private static (string Header, int Length) CostOf(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        return (Convert.ToHexString(bytes, 0, 9), bytes.Length);
    }

    private sealed class RecordingHasher : IPasswordHasher<DemoAccount>
    {
        private readonly PasswordHasher<DemoAccount> _inner = new();

        public List<string> Verified { get; } = [];

        public string HashPassword(DemoAccount user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(DemoAccount user, string hashedPassword, string providedPassword)
        {
            Verified.Add(hashedPassword);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
