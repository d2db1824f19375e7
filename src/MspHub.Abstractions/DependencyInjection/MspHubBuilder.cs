using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// Configures MspHub inside <see cref="MspHubServiceCollectionExtensions.AddMspHub(IServiceCollection, Action{MspHubBuilder})"/>.
/// Each MspHub package adds its own methods to this builder as extension methods
/// (<c>AddEntityFrameworkStores</c>, <c>AddLicensing</c>, HTTP resolution strategies, ...).
/// </summary>
public sealed class MspHubBuilder
{
    // The narrow interfaces IAccessStore inherits, each resolved to the one registered access store.
    private static readonly Type[] AccessStoreFaces =
        [typeof(IHubUserStore), typeof(IMembershipStore), typeof(ITenantRoleStore), typeof(ITechnicianGrantStore), typeof(IInvitationStore)];

    internal MspHubBuilder(IServiceCollection services) => Services = services;

    /// <summary>The host's service collection, for extensions that register services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Changes <see cref="MspHubOptions"/>; the result is validated when the host starts.</summary>
    public MspHubBuilder Configure(Action<MspHubOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>
    /// Configures a package's options with <paramref name="configure"/> and checks them with
    /// <typeparamref name="TValidator"/> when the host starts, so a bad setting stops the start with a
    /// message instead of failing on first use. For MspHub packages and their extensions.
    /// </summary>
    public MspHubBuilder AddValidatedOptions<TOptions, TValidator>(Action<TOptions> configure)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        Services.AddOptions<TOptions>().ValidateOnStart();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        Services.TryAddSingleton(TimeProvider.System);
        return this;
    }

    /// <summary>
    /// Adds strategies that resolve the tenant of a <typeparamref name="TRequest"/>, tried in the order
    /// given (after any added by earlier calls), and registers <see cref="ITenantResolver{TRequest}"/>.
    /// </summary>
    /// <example><code>hub.ResolveTenantFrom&lt;JobMessage&gt;(r => r.Add("message", m => m.TenantSlug));</code></example>
    public MspHubBuilder ResolveTenantFrom<TRequest>(Action<TenantResolutionBuilder<TRequest>> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var resolution = new TenantResolutionBuilder<TRequest>(this);
        configure(resolution);
        var strategies = resolution.Strategies.ToArray();
        Services.Configure<TenantResolutionOptions<TRequest>>(o =>
        {
            foreach (var strategy in strategies)
            {
                o.Strategies.Add(strategy);
            }
        });
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TenantResolutionOptions<TRequest>>, TenantResolutionOptionsValidator<TRequest>>());
        Services.AddOptions<TenantResolutionOptions<TRequest>>().ValidateOnStart();
        Services.TryAddSingleton<ITenantResolver<TRequest>, TenantResolver<TRequest>>();
        return this;
    }

    /// <summary>
    /// Uses <typeparamref name="TStore"/> as the tenant store, behind the tenant cache unless
    /// <see cref="TenantCacheOptions.Enabled"/> is off. Replaces any store registered before.
    /// </summary>
    /// <param name="lifetime">
    /// The store's lifetime: <see cref="ServiceLifetime.Scoped"/> for stores over a scoped resource such
    /// as a DbContext, <see cref="ServiceLifetime.Singleton"/> for self-contained ones.
    /// </param>
    public MspHubBuilder AddTenantStore<TStore>(ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TStore : class, ITenantStore
    {
        Services.RemoveAll<ITenantStore>();
        Services.TryAdd(new ServiceDescriptor(typeof(TStore), typeof(TStore), lifetime));
        Services.Add(new ServiceDescriptor(typeof(ITenantStore), CreateStore<TStore>, lifetime));
        return this;
    }

    /// <summary>
    /// Uses an <see cref="InMemoryTenantStore"/> holding <paramref name="tenants"/> as the tenant store;
    /// it adds more only within the registered <see cref="ITenantLimit"/>.
    /// </summary>
    /// <exception cref="ConflictException">Two of the tenants share an id or slug.</exception>
    public MspHubBuilder AddInMemoryTenantStore(params IEnumerable<Tenant> tenants)
    {
        var list = tenants.ToList();
        _ = new InMemoryTenantStore(list); // refuses clashing tenants here, where the mistake is, not at first use
        Services.RemoveAll<InMemoryTenantStore>();
        Services.AddSingleton(sp => new InMemoryTenantStore(list, sp.GetService<ITenantLimit>()));
        return AddTenantStore<InMemoryTenantStore>(ServiceLifetime.Singleton);
    }

    /// <summary>Adds a tenant role every new tenant starts with (see <see cref="MspHubOptions.DefaultTenantRoles"/>).</summary>
    /// <example><code>hub.AddDefaultTenantRole("Customer", "automs.view");</code></example>
    public MspHubBuilder AddDefaultTenantRole(string name, params IEnumerable<string> permissions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(permissions);
        var list = permissions.ToList();
        return Configure(o => o.DefaultTenantRoles[name] = list);
    }

    /// <summary>
    /// Declares the host's permissions, which <see cref="PermissionCatalog"/> compiles when first used (at the latest when
    /// the host starts, so a malformed or repeated name stops the start with a message naming it).
    /// May be called more than once; declarations add up, in the order they were made. Once any permission is declared, an
    /// <see cref="IAccessStore"/> must be registered too, which is checked when the host starts.
    /// </summary>
    /// <example><code>hub.AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All).Resource("api-keys").Action("generate", sensitive: true));</code></example>
    public MspHubBuilder AddPermissions(Action<PermissionCatalogBuilder> declare)
    {
        ArgumentNullException.ThrowIfNull(declare);
        Services.Configure<PermissionCatalogOptions>(o => o.Declarations.Add(declare));
        return this;
    }

    /// <summary>
    /// Uses <typeparamref name="TStore"/> as the access store and registers <see cref="ITenantAccessManager"/>,
    /// <see cref="IMspAccessManager"/>, <see cref="ITenantInvitations"/>, <see cref="ITenantDirectory"/> and <see cref="ITenantHierarchy"/>.
    /// Replaces any access store registered before. <see cref="IHubUserStore"/>, <see cref="IMembershipStore"/>, <see cref="ITenantRoleStore"/>,
    /// <see cref="ITechnicianGrantStore"/> and <see cref="IInvitationStore"/> resolve to the same instance, with the same lifetime, so an
    /// operation spanning them stays one atomic operation of that store.
    /// </summary>
    /// <param name="lifetime">The store's lifetime; <see cref="ServiceLifetime.Scoped"/> for stores over a DbContext.</param>
    public MspHubBuilder AddAccessStore<TStore>(ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TStore : class, IAccessStore
    {
        ReplaceStore<IAccessStore, TStore>(lifetime);
        foreach (var face in AccessStoreFaces)
        {
            Services.RemoveAll(face);
            Services.Add(new ServiceDescriptor(face, sp => sp.GetRequiredService<IAccessStore>(), lifetime));
        }

        Services.TryAddScoped<TechnicianGrants>();
        Services.TryAddScoped<ITenantAccessManager, TenantAccessManager>();
        Services.TryAddScoped<IMspAccessManager, MspAccessManager>();
        Services.TryAddScoped<ITenantInvitations, TenantInvitations>();
        Services.TryAddScoped<ITenantDirectory, TenantDirectory>();
        Services.TryAddScoped<ITenantHierarchy, TenantHierarchy>();
        return this;
    }

    /// <summary>Uses an <see cref="InMemoryAccessStore"/> as the access store.</summary>
    public MspHubBuilder AddInMemoryAccessStore()
    {
        // On the registered clock, so grant expiries follow a fake one in tests.
        Services.RemoveAll<InMemoryAccessStore>();
        Services.AddSingleton(sp => new InMemoryAccessStore(sp.GetRequiredService<TimeProvider>()));
        return AddAccessStore<InMemoryAccessStore>(ServiceLifetime.Singleton);
    }

    /// <summary>
    /// Uses <typeparamref name="TStore"/> as the API key store and registers <see cref="IApiKeyManager"/>.
    /// Replaces any API key store registered before.
    /// </summary>
    /// <param name="lifetime">The store's lifetime; <see cref="ServiceLifetime.Scoped"/> for stores over a DbContext.</param>
    public MspHubBuilder AddApiKeyStore<TStore>(ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TStore : class, IApiKeyStore
    {
        ReplaceStore<IApiKeyStore, TStore>(lifetime);
        Services.TryAddScoped<IApiKeyManager, ApiKeyManager>();
        return this;
    }

    /// <summary>Uses an <see cref="InMemoryApiKeyStore"/> as the API key store.</summary>
    public MspHubBuilder AddInMemoryApiKeyStore()
    {
        return AddInMemory<InMemoryApiKeyStore>(AddApiKeyStore<InMemoryApiKeyStore>);
    }

    /// <summary>Uses <typeparamref name="TStore"/> as the branding store and registers <see cref="IBrandingService"/>.</summary>
    /// <param name="lifetime">The store's lifetime; <see cref="ServiceLifetime.Scoped"/> for stores over a DbContext.</param>
    public MspHubBuilder AddBrandingStore<TStore>(ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TStore : class, IBrandingStore
    {
        ReplaceStore<IBrandingStore, TStore>(lifetime);
        Services.TryAddScoped<IBrandingService, BrandingService>();
        return this;
    }

    /// <summary>Uses an <see cref="InMemoryBrandingStore"/> as the branding store.</summary>
    public MspHubBuilder AddInMemoryBrandingStore()
    {
        return AddInMemory<InMemoryBrandingStore>(AddBrandingStore<InMemoryBrandingStore>);
    }

    /// <summary>Uses <typeparamref name="TStore"/> as the tenant settings store and registers <see cref="ITenantSettings"/>.</summary>
    /// <param name="lifetime">The store's lifetime; <see cref="ServiceLifetime.Scoped"/> for stores over a DbContext.</param>
    public MspHubBuilder AddTenantSettingsStore<TStore>(ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TStore : class, ITenantSettingsStore
    {
        ReplaceStore<ITenantSettingsStore, TStore>(lifetime);
        Services.TryAddScoped<ITenantSettings, TenantSettings>();
        return this;
    }

    /// <summary>Uses an <see cref="InMemoryTenantSettingsStore"/> as the tenant settings store.</summary>
    public MspHubBuilder AddInMemoryTenantSettingsStore()
    {
        return AddInMemory<InMemoryTenantSettingsStore>(AddTenantSettingsStore<InMemoryTenantSettingsStore>);
    }

    // One shared instance of an in-memory store, registered by the method that registers any store of its kind.
    private MspHubBuilder AddInMemory<TStore>(Func<ServiceLifetime, MspHubBuilder> register)
        where TStore : class, new()
    {
        Services.RemoveAll<TStore>();
        Services.AddSingleton(new TStore());
        return register(ServiceLifetime.Singleton);
    }

    // Registers the store as itself and as its interface, one instance per lifetime, replacing any earlier store.
    private void ReplaceStore<TService, TStore>(ServiceLifetime lifetime)
        where TService : class
        where TStore : class, TService
    {
        Services.RemoveAll<TService>();
        Services.TryAdd(new ServiceDescriptor(typeof(TStore), typeof(TStore), lifetime));
        Services.Add(new ServiceDescriptor(typeof(TService), sp => sp.GetRequiredService<TStore>(), lifetime));
    }

    private static ITenantStore CreateStore<TStore>(IServiceProvider services)
        where TStore : class, ITenantStore
    {
        var store = services.GetRequiredService<TStore>();
        var cache = services.GetRequiredService<TenantCache>();
        return cache.Enabled ? new CachingTenantStore(cache, store) : store;
    }
}
