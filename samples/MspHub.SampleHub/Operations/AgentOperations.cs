using Microsoft.EntityFrameworkCore;
using MspHub.Licensing;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>The active tenant's AI agents, where the licence includes "ai-agents" and the tenant has it on.</summary>
public sealed class AgentOperations(SampleDb db, ITenantFeatures features, ITenancy tenancy)
{
    public ValueTask<bool> IsAvailableAsync(CancellationToken cancellationToken) =>
        features.IsEnabledAsync(tenancy.Current.RequireTenant("AI agents"), HubNames.AiAgentsFeature, cancellationToken);

    public Task<List<AiAgent>> ListAsync(CancellationToken cancellationToken) => db.Agents.AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken);

    public async Task<AiAgent> CreateAsync(string? name, string? purpose, CancellationToken cancellationToken)
    {
        if (!await IsAvailableAsync(cancellationToken))
        {
            throw new FeatureNotLicensedException(HubNames.AiAgentsFeature);
        }

        var agent = new AiAgent { Name = Input.Name(name, "An agent's name"), Purpose = purpose?.Trim() ?? "" };
        if (await db.Agents.AnyAsync(a => a.Name == agent.Name, cancellationToken))
        {
            throw new ConflictException("agent", "name", agent.Name);
        }

        db.Agents.Add(agent);
        await db.SaveChangesAsync(cancellationToken);
        return agent;
    }
}
