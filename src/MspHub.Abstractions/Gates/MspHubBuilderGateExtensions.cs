using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>Adds operation gates (L0–L3) to a hub.</summary>
public static class MspHubBuilderGateExtensions
{
    /// <summary>
    /// Adds <see cref="IOperationGate"/>, <see cref="IOperationApprovals"/> and the technician elevation gated by them
    /// (<see cref="ITechnicianElevation"/>), with MspHub's default levels changed by
    /// <paramref name="configure"/> and validated at start; declares the approve and read permissions
    /// (<c>approvals.approve</c>, <c>approvals.read</c> unless renamed) when the host has not; and keeps requests and
    /// notifications in memory unless a store is registered (<c>AddEntityFrameworkStores</c> registers its own, before or after this call).
    /// </summary>
    /// <example><code>hub.AddOperationGates(o => o.Gate("sample.autom.purge", GateLevel.L2Approval));</code></example>
    public static MspHubBuilder AddOperationGates(this MspHubBuilder hub, Action<OperationGateOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.AddValidatedOptions<OperationGateOptions, OperationGateOptionsValidator>(configure ?? (_ => { }));

        // The permissions to declare are known only once the options are configured; every call's configuration is run
        // again here, in order, so a later call may change what an earlier one declared, as the options themselves will.
        var calls = hub.Services.Select(d => d.ImplementationInstance).OfType<GateConfigurations>().FirstOrDefault();
        if (calls is null)
        {
            calls = new GateConfigurations();
            hub.Services.AddSingleton(calls);
        }

        if (configure is not null)
        {
            calls.Add(configure);
        }

        var declared = new OperationGateOptions();
        calls.ForEach(call => call(declared));
        hub.AddPermissions(p => Declare(p, declared.ApprovePermission, declared.ReadPermission));
        hub.Services.TryAddSingleton<OperationLevels>();
        hub.Services.TryAddScoped<OperationGate>();
        hub.Services.TryAddScoped<IOperationGate>(sp => sp.GetRequiredService<OperationGate>());
        hub.Services.TryAddScoped<IOperationApprovals>(sp => sp.GetRequiredService<OperationGate>());
        hub.Services.TryAddScoped<ITechnicianElevation, TechnicianElevations>();
        hub.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IGateNotifier, InboxGateNotifier>());
        if (!hub.Services.Any(d => d.ServiceType == typeof(IApprovalStore)))
        {
            hub.AddApprovalStore<InMemoryApprovalStore>(ServiceLifetime.Singleton);
        }

        if (!hub.Services.Any(d => d.ServiceType == typeof(IGateInbox)))
        {
            hub.AddGateInbox<InMemoryGateInbox>(ServiceLifetime.Singleton);
        }

        return hub;
    }

    /// <summary>Keeps approval requests in <typeparamref name="TStore"/>, replacing any earlier store.</summary>
    public static MspHubBuilder AddApprovalStore<TStore>(this MspHubBuilder hub, ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TStore : class, IApprovalStore => Replace<IApprovalStore, TStore>(hub, lifetime);

    /// <summary>Keeps the gate inbox in <typeparamref name="TInbox"/>, replacing any earlier inbox.</summary>
    public static MspHubBuilder AddGateInbox<TInbox>(this MspHubBuilder hub, ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TInbox : class, IGateInbox => Replace<IGateInbox, TInbox>(hub, lifetime);

    private static MspHubBuilder Replace<TService, TImplementation>(MspHubBuilder hub, ServiceLifetime lifetime)
        where TService : class
        where TImplementation : class, TService
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.Services.RemoveAll<TService>();
        hub.Services.RemoveAll<TImplementation>();
        hub.Services.Add(new ServiceDescriptor(typeof(TImplementation), typeof(TImplementation), lifetime));
        hub.Services.Add(new ServiceDescriptor(typeof(TService), sp => sp.GetRequiredService<TImplementation>(), lifetime));
        return hub;
    }

    // What each AddOperationGates call configured, in order.
    private sealed class GateConfigurations : List<Action<OperationGateOptions>>;

    // The host may have declared either permission itself (to mark it sensitive, say); declaring it twice is refused.
    private static void Declare(PermissionCatalogBuilder permissions, params string[] names)
    {
        foreach (var permission in names.Select(Permission.Parse))
        {
            if (!permissions.IsDeclared(permission))
            {
                permissions.Resource(permission.Resource).Action(permission.Action);
            }
        }
    }
}
