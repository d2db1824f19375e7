namespace MspHub.Abstractions.Tests.DelegatedAccess;

/// <summary>An elevation's reason is shown to approvers and kept in the audit trail: plain text, over several lines if need be.</summary>
public sealed class TechnicianElevationShould
{
    [Fact]
    public void Keep_a_reason_over_several_lines()
    {
        var elevation = Elevation("Ticket 4711:\r\n\tthe printer queue is stuck");

        Assert.Equal("Ticket 4711:\r\n\tthe printer queue is stuck", elevation.Reason);
    }

    [Theory]
    [InlineData("Ticket 4711\0")]
    [InlineData("Ticket \u001B[31m4711")]
    [InlineData("Ticket \u202E1174")]
    public void Refuse_a_reason_with_control_or_bidirectional_formatting_characters(string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Elevation(reason));

        Assert.Contains("no control characters other than tabs and line breaks", error.Message, StringComparison.Ordinal);
    }

    private static TechnicianElevation Elevation(string reason) => new()
    {
        UserId = Guid.CreateVersion7(),
        TenantId = Guid.CreateVersion7(),
        Reason = reason,
        ActivatedAt = DateTimeOffset.UnixEpoch,
        ExpiresAt = DateTimeOffset.UnixEpoch.AddHours(1),
    };
}
