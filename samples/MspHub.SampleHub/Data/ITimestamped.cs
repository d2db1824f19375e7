namespace MspHub.SampleHub.Data;

/// <summary>
/// A row that records when it was last written. <see cref="SampleDb"/> sets the time on every insert and update,
/// so a copy MspHub makes into another tenant gets the time it was made, not its source's.
/// </summary>
public interface ITimestamped
{
    DateTime UpdatedAt { get; set; }
}
