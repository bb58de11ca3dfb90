using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Teams.Api.Controllers;

public sealed record InviteRequest(string Email, string Role);

[ApiController]
[Authorize(Policy = "TeamAdmin")]
[Route("api/teams/{teamId:guid}/invites")]
public sealed class InvitesController : ControllerBase
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static readonly HashSet<string> Roles = ["member", "viewer", "admin"];

    private readonly IInviteStore _invites;
    private readonly IEmailSender _email;

    public InvitesController(IInviteStore invites, IEmailSender email)
    {
        _invites = invites;
        _email = email;
    }

    [HttpPost]
    public async Task<IActionResult> Create(Guid teamId, [FromBody] InviteRequest request, CancellationToken ct)
    {
        if (!Roles.Contains(request.Role))
            return BadRequest(new { message = "unknown role" });

        // Invite codes are typed in by hand on the mobile app, so keep them short and unambiguous.
        var code = CreateInviteCode(10);
        await _invites.AddAsync(teamId, request.Email, request.Role, code, DateTimeOffset.UtcNow.AddDays(7), ct);

        await _email.SendAsync(request.Email, "You're invited",
            $"Use code {code} in the app to join the team. The code expires in 7 days.", ct);

        return Accepted();
    }

    private static string CreateInviteCode(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
            chars[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        return new string(chars);
    }
}

public interface IInviteStore
{
    Task AddAsync(Guid teamId, string email, string role, string code, DateTimeOffset expiresAt, CancellationToken ct);
}

public interface IEmailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken ct);
}
