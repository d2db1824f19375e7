namespace MspHub.SampleHub.Data;

/// <summary>
/// The sample's own sign-in record for a hub user. MspHub leaves authentication to the host; a real hub
/// would use its identity provider instead.
/// </summary>
public sealed class DemoAccount
{
    public Guid UserId { get; set; }

    public required string UserName { get; set; }

    public required string PasswordHash { get; set; }

    /// <summary>The person's full name, as colleagues read it; the user name is what they type to sign in.</summary>
    public string? FullName { get; set; }

    /// <summary>Where to reach them.</summary>
    public string? Email { get; set; }

    /// <summary>
    /// For an account without a password, made by inviting a name nobody had: the tenant whose invitation alone may
    /// choose the password. Any other tenant can invite the same name meanwhile, and its link must not be a way to take
    /// the account over; once that tenant has no open invitation for it, the next tenant to invite it takes this over.
    /// </summary>
    public Guid? InvitingTenantId { get; set; }
}
