using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages;

[RequirePermission("agents", "view")]
public sealed class AgentsModel(AgentOperations agents, CurrentSession session) : HubPage
{
    public bool Available { get; private set; }

    public bool CanCreate { get; private set; }

    public IReadOnlyList<AiAgent> Agents { get; private set; } = [];

    public Task<IActionResult> OnPostCreateAsync(string? name, string? purpose, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.AgentsCreate, cancellationToken);
            return $"Agent '{(await agents.CreateAsync(name, purpose, cancellationToken)).Name}' created.";
        }, cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Available = await agents.IsAvailableAsync(cancellationToken);
        Agents = Available ? await agents.ListAsync(cancellationToken) : [];
        CanCreate = await session.CanAsync(Perm.AgentsCreate, cancellationToken);
    }
}
