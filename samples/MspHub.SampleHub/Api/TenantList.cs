namespace MspHub.SampleHub.Api;

/// <summary>A page of tenants, and the tenants in use against the licence's limit ("4 / 10").</summary>
public sealed record TenantList(string TenantsInUse, int TotalCount, int Page, int PageSize, IReadOnlyList<Tenant> Items);
