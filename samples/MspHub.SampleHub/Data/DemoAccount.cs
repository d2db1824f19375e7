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
}
