namespace MspHub;

/// <summary>
/// A tenant id or slug as a strategy found it in a request. It wraps a slice of the request's own text
/// (a header value, part of a host name) so resolution with a warm cache allocates nothing.
/// </summary>
public readonly struct TenantIdentifier : IEquatable<TenantIdentifier>
{
    /// <summary>Creates an identifier over <paramref name="value"/>; empty means "none found".</summary>
    public TenantIdentifier(ReadOnlyMemory<char> value) => Value = value;

    /// <summary>Creates an identifier from <paramref name="value"/>; <see langword="null"/> or empty means "none found".</summary>
    public TenantIdentifier(string? value) => Value = value.AsMemory();

    /// <summary>"No identifier found".</summary>
    public static TenantIdentifier None => default;

    /// <summary>The identifier's text.</summary>
    public ReadOnlyMemory<char> Value { get; }

    /// <summary>Whether no identifier was found.</summary>
    public bool IsEmpty => Value.IsEmpty;

    /// <summary>Wraps a string.</summary>
    public static implicit operator TenantIdentifier(string? value) => new(value);

    /// <summary>Compares two identifiers ordinally.</summary>
    public static bool operator ==(TenantIdentifier left, TenantIdentifier right) => left.Equals(right);

    /// <summary>Compares two identifiers ordinally.</summary>
    public static bool operator !=(TenantIdentifier left, TenantIdentifier right) => !left.Equals(right);

    /// <summary>Wraps a string.</summary>
    public static TenantIdentifier FromString(string? value) => new(value);

    /// <inheritdoc />
    public bool Equals(TenantIdentifier other) => Value.Span.SequenceEqual(other.Value.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TenantIdentifier other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => string.GetHashCode(Value.Span, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Value.ToString();
}
