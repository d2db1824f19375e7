using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>Checks at start-up that resolution for <typeparamref name="TRequest"/> has uniquely named strategies.</summary>
internal sealed class TenantResolutionOptionsValidator<TRequest> : IValidateOptions<TenantResolutionOptions<TRequest>>
{
    public ValidateOptionsResult Validate(string? name, TenantResolutionOptions<TRequest> options)
    {
        var requestType = typeof(TRequest).Name;
        if (options.Strategies.Count == 0)
        {
            return ValidateOptionsResult.Fail(
                $"Tenant resolution for {requestType} has no strategies; add at least one inside hub.ResolveTenantFrom<{requestType}>(r => ...).");
        }

        var duplicates = options.Strategies
            .GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();
        return duplicates.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Tenant resolution for {requestType} has more than one strategy named {string.Join(", ", duplicates.Select(d => $"'{d}'"))}; "
                + "names identify strategies in results, metrics and logs, so give each a distinct name or remove the repeat.");
    }
}
