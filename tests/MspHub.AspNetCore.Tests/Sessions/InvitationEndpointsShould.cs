using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Sessions;

/// <summary>
/// The signed-in user's invitation endpoints, in memory and over SQLite: they see, accept and decline only their
/// own open invitations, and every other id gets the same 404.
/// </summary>
public sealed class InvitationEndpointsShould
{
    private static async Task<SessionTestHost> StartAsync(bool sqlite)
    {
        var host = sqlite ? await SessionTestHost.StartOnSqliteAsync() : await SessionTestHost.StartAsync();
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>().SaveRoleAsync(
            new TenantRole { TenantId = SessionTestHost.Globex.Id, Name = "Agent", Permissions = ["automs.view", "automs.create"] });
        return host;
    }

    // As Globex's admin would: with Globex active.
    private static async Task<TenantInvitation> InviteToGlobexAsync(SessionTestHost host, HubUser user)
    {
        using var scope = host.Services.CreateScope();
        using (scope.ServiceProvider.GetRequiredService<ITenancy>().BeginScope(SessionTestHost.Globex))
        {
            return await scope.ServiceProvider.GetRequiredService<ITenantInvitations>().InviteAsync(SessionTestHost.Globex.Id, user.Id, ["Agent"]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task List_and_accept_an_invitation_and_answer_with_a_token_for_the_tenant_joined(bool sqlite)
    {
        await using var host = await StartAsync(sqlite);
        var invitation = await InviteToGlobexAsync(host, SessionTestHost.Alice);
        var token = await host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme);

        var listed = await (await host.SendAsync(HttpMethod.Get, "/hub/session/invitations", token)).Content.ReadFromJsonAsync<List<SessionInvitation>>();
        var accepted = await host.SendAsync(HttpMethod.Post, $"/hub/session/invitations/{invitation.Id}/accept", token);

        var invited = Assert.Single(listed!);
        Assert.Equal((invitation.Id, "globex", "Globex", "Agent", invitation.ExpiresAt), (invited.Id, invited.TenantSlug, invited.TenantName, string.Join(",", invited.Roles), invited.ExpiresAt));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var session = (await accepted.Content.ReadFromJsonAsync<SessionToken>())!;
        Assert.Equal(SessionTestHost.Globex.Id, session.TenantId);
        Assert.Equal("globex", await (await host.SendAsync(HttpMethod.Get, "/whoami", session.Token)).Content.ReadAsStringAsync());

        // Joining changed Alice's access: the token she accepted with is outdated; the one she got back is not.
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Get, "/hub/session", token), MspHubProblemTypes.SessionOutdated);
        Assert.Empty((await (await host.SendAsync(HttpMethod.Get, "/hub/session/invitations", session.Token)).Content.ReadFromJsonAsync<List<SessionInvitation>>())!);
        var switched = await host.SendAsync(HttpMethod.Post, "/hub/session/switch", session.Token, JsonContent.Create(new SwitchTenantRequest("acme")));
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Answer_someone_elses_unknown_malformed_answered_and_withdrawn_invitations_alike(bool sqlite)
    {
        await using var host = await StartAsync(sqlite);
        var alices = await InviteToGlobexAsync(host, SessionTestHost.Alice);
        var withdrawn = await InviteToGlobexAsync(host, SessionTestHost.Oscar);
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantInvitations>().RevokeAsync(SessionTestHost.Globex.Id, withdrawn.Id);
        }

        var oscar = await host.SignInAsync(SessionTestHost.Oscar);
        var alice = await host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme);
        var answers = new List<HttpResponseMessage>
        {
            await host.SendAsync(HttpMethod.Post, $"/hub/session/invitations/{alices.Id}/accept", oscar),
            await host.SendAsync(HttpMethod.Post, $"/hub/session/invitations/{alices.Id}/decline", oscar),
            await host.SendAsync(HttpMethod.Post, $"/hub/session/invitations/{Guid.CreateVersion7()}/accept", oscar),
            await host.SendAsync(HttpMethod.Post, "/hub/session/invitations/not-an-id/accept", oscar),
            await host.SendAsync(HttpMethod.Post, $"/hub/session/invitations/{withdrawn.Id}/accept", oscar),
        };
        var declined = await host.SendAsync(HttpMethod.Post, $"/hub/session/invitations/{alices.Id}/decline", alice);
        answers.Add(await host.SendAsync(HttpMethod.Post, $"/hub/session/invitations/{alices.Id}/accept", alice));

        Assert.Equal(HttpStatusCode.NoContent, declined.StatusCode);
        var details = new List<string?>();
        foreach (var answer in answers)
        {
            details.Add((await ProblemAssert.IsAsync(answer, MspHubProblemTypes.InvitationNotAvailable)).Detail);
        }

        Assert.Single(details.Distinct());
        using (var scope = host.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IAccessStore>();
            Assert.Null(await store.FindMembershipAsync(SessionTestHost.Oscar.Id, SessionTestHost.Globex.Id));
            Assert.Null(await store.FindMembershipAsync(SessionTestHost.Alice.Id, SessionTestHost.Globex.Id));
        }
    }

    [Fact]
    public async Task Show_MSP_staff_no_invitation_and_refuse_their_accept_like_any_other()
    {
        await using var host = await StartAsync(sqlite: false);
        var invitation = await InviteToGlobexAsync(host, SessionTestHost.Mia);
        var mia = await host.SignInAsync(SessionTestHost.Mia);

        var listed = await (await host.SendAsync(HttpMethod.Get, "/hub/session/invitations", mia)).Content.ReadFromJsonAsync<List<SessionInvitation>>();
        var accepted = await host.SendAsync(HttpMethod.Post, $"/hub/session/invitations/{invitation.Id}/accept", mia);

        Assert.Empty(listed!);
        await ProblemAssert.IsAsync(accepted, MspHubProblemTypes.InvitationNotAvailable);
    }
}
