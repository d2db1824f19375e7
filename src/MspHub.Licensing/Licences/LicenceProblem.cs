namespace MspHub.Licensing;

/// <summary>Why a licence document was not accepted.</summary>
public enum LicenceProblem
{
    /// <summary>No licence was configured.</summary>
    Missing = 0,

    /// <summary>The document is not a licence: wrong format, not base64url, not JSON, or missing fields.</summary>
    Malformed = 1,

    /// <summary>The signature does not verify with the configured public key: the document was changed, or signed with another key.</summary>
    BadSignature = 2,

    /// <summary>The licence is past its expiry time.</summary>
    Expired = 3,

    /// <summary>The licence's issue time is still in the future.</summary>
    NotYetValid = 4,

    /// <summary>The document is signed and well formed, but its content is impossible (negative limits, expiry before issue).</summary>
    Invalid = 5,

    /// <summary>The licence file exists but could not be read (permissions, a transient IO error); it is read again later.</summary>
    Unreadable = 6,
}
