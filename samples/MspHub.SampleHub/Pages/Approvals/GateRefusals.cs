using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages.Approvals;

/// <summary>
/// What the vault and approvals pages tell a person when MspHub refuses them, in plain words: the library's own
/// messages name permissions and refusal codes, which are for developers and the audit log.
/// </summary>
public static class GateRefusals
{
    /// <summary>
    /// Runs a page's change and turns an expected refusal into an <see cref="ArgumentException"/> carrying its plain
    /// sentence, which <see cref="HubPage"/> shows as it is (nothing changed).
    /// </summary>
    public static async Task<string> Plainly(Func<Task<string>> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            return await change();
        }
        catch (Exception refused) when (refused is not ArgumentException && Explain(refused) is { } sentence)
        {
            throw new ArgumentException(sentence, refused);
        }
    }

    /// <summary>The sentence for <paramref name="refused"/>, or null when it is not a refusal these pages expect.</summary>
    public static string? Explain(Exception refused) => refused switch
    {
        OperationGateException gate => gate.Refusal switch
        {
            GateRefusal.SelfApproval => "You asked for this yourself, so another person has to approve or deny it.",
            GateRefusal.ApproverLacksPermission => "You may not decide approval requests in this tenant. Ask an MSP admin if you should.",
            GateRefusal.AlreadyDecided => "Someone decided this request already; the list below shows where it stands now.",
            GateRefusal.AlreadyExecuted => "This approval was used already: an approval reveals a value once. Ask again to see it again.",
            GateRefusal.Expired => "The request lapsed before it was decided or used. Ask again.",
            GateRefusal.NotApproved => "The request is not approved: it is still waiting, or it was denied or withdrawn.",
            GateRefusal.DifferentCall => "The approval was given for something else, such as an older version of the secret. Ask again.",
            GateRefusal.NotRequester => "Only the person who asked may use or withdraw this request.",
            GateRefusal.RequestNotFound => "There is no such request in this tenant.",
            GateRefusal.CallerNotAPerson or GateRefusal.AuthenticationNotRecent => "This needs a person who signed in recently. Sign out, sign in again and retry.",
            _ => "The request was refused.",
        },
        PermissionDeniedException or VaultAccessDeniedException => "Your account may not do this in the active tenant. Ask an MSP admin for access.",
        VaultSecretNotFoundException => "That secret is not in this tenant's vault; it may have been deleted meanwhile.",
        VaultIntegrityException => "The secret cannot be decrypted, so nothing was revealed. Tell your MSP: its stored value or key is damaged.",
        TenantRequiredException => "Choose a tenant in the tenant switcher first.",
        ConflictException or ArgumentException => Input.Message(refused),
        _ => null,
    };
}
