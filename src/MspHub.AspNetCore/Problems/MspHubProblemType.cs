namespace MspHub.AspNetCore;

/// <summary>
/// One kind of problem MspHub answers over HTTP: the RFC 9457 <c>type</c> URI a client branches on, with the
/// status and title that always go with it. The whole catalogue is <see cref="MspHubProblemTypes"/>.
/// </summary>
public sealed class MspHubProblemType
{
    internal MspHubProblemType(string name, int status, string title)
    {
        Name = name;
        Status = status;
        Title = title;
        Type = MspHubProblemTypes.BaseUri + name;
    }

    /// <summary>The short name, which is also the last part of <see cref="Type"/>, for example <c>tenant-not-available</c>.</summary>
    public string Name { get; }

    /// <summary>The stable <c>type</c> URI; it never changes for this problem.</summary>
    public string Type { get; }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>The title, the same for every occurrence.</summary>
    public string Title { get; }

    /// <inheritdoc />
    public override string ToString() => Type;
}
