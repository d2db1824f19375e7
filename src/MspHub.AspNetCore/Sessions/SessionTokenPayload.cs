using System.Text.Json;

namespace MspHub.AspNetCore;

/// <summary>
/// A session token's JWT claims set as JSON: the registered claims MspHub owns, then every other claim with the
/// value types <see cref="JwtClaimsContext.Claims"/> allows.
/// </summary>
internal static class SessionTokenPayload
{
    /// <summary>Writes the claims set; <paramref name="issuedAt"/> is also the token's <c>nbf</c>.</summary>
    public static void Write(Utf8JsonWriter json, string issuer, string audience, long issuedAt, long expires, Dictionary<string, object> claims)
    {
        json.WriteStartObject();
        json.WriteString("iss", issuer);
        json.WriteString("aud", audience);
        json.WriteNumber("exp", expires);
        json.WriteNumber("nbf", issuedAt);
        json.WriteNumber("iat", issuedAt);
        foreach (var (name, value) in claims)
        {
            if (!IsRegistered(name))
            {
                WriteClaim(json, name, value);
            }
        }

        json.WriteEndObject();
    }

    private static bool IsRegistered(string name) => name is "iss" or "aud" or "exp" or "nbf" or "iat";

    private static void WriteClaim(Utf8JsonWriter json, string name, object? value)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException("A claim has no name; every claim of a session token is named.");
        }

        switch (value)
        {
            case string text:
                json.WriteString(name, text);
                break;
            case bool flag:
                json.WriteBoolean(name, flag);
                break;
            case int or long or short or byte or sbyte or ushort or uint:
                json.WriteNumber(name, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ulong number:
                json.WriteNumber(name, number);
                break;
            case double number when double.IsFinite(number):
                json.WriteNumber(name, number);
                break;
            case float number when float.IsFinite(number):
                json.WriteNumber(name, number);
                break;
            case decimal number:
                json.WriteNumber(name, number);
                break;
            case IReadOnlyList<string> texts:
                // Roles, the usual list: read by index, so no enumerator is boxed.
                json.WriteStartArray(name);
                for (var i = 0; i < texts.Count; i++)
                {
                    json.WriteStringValue(texts[i]);
                }

                json.WriteEndArray();
                break;
            case IEnumerable<string> texts:
                json.WriteStartArray(name);
                foreach (var text in texts)
                {
                    json.WriteStringValue(text);
                }

                json.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException(
                    $"Claim '{name}' holds {Describe(value)}; a session token's claim is a string, a finite number, a boolean or a list of strings.");
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        double or float => $"the number {value}, which JSON cannot carry",
        _ => $"a {value.GetType().Name}",
    };
}
