using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Pages;

public sealed class IndexModel(CurrentSession session, PermissionCatalog catalog) : HubPage
{
    public IReadOnlyList<string> Permissions { get; private set; } = [];

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var held = new List<string>();
        foreach (var permission in catalog.All)
        {
            if (await session.CanAsync(permission.ToString(), cancellationToken))
            {
                held.Add(permission.ToString());
            }
        }

        Permissions = held;
    }
}
