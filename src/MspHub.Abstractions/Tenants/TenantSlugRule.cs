namespace MspHub;

/// <summary>The rule a tenant slug broke, so callers can react to the reason without parsing messages.</summary>
public enum TenantSlugRule
{
    /// <summary>The slug was null or empty.</summary>
    Required = 0,

    /// <summary>The slug was shorter than 2 or longer than 63 characters.</summary>
    Length = 1,

    /// <summary>The slug held a character other than a lowercase ASCII letter, a digit or a dash.</summary>
    Characters = 2,

    /// <summary>The slug started or ended with a dash.</summary>
    LeadingOrTrailingDash = 3,

    /// <summary>The slug held two dashes in a row.</summary>
    ConsecutiveDashes = 4,

    /// <summary>The slug is a reserved word (see <see cref="TenantSlug.ReservedWords"/>).</summary>
    Reserved = 5,
}
