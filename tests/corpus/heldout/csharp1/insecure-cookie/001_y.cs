using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;

namespace Kiosk.Web.Controllers;

public sealed record PinLoginRequest(string StaffNumber, string Pin);

[ApiController]
[Route("api/kiosk/session")]
public sealed class KioskSessionController : ControllerBase
{
    private const string SessionCookie = "kiosk_session";
    private readonly IStaffDirectory _staff;
    private readonly ISessionStore _sessions;

    public KioskSessionController(IStaffDirectory staff, ISessionStore sessions)
    {
        _staff = staff;
        _sessions = sessions;
    }

    [HttpPost]
    public async Task<IActionResult> Start([FromBody] PinLoginRequest request, CancellationToken ct)
    {
        var member = await _staff.VerifyPinAsync(request.StaffNumber, request.Pin, ct);
        if (member is null)
            return Unauthorized();

        var sessionId = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        await _sessions.CreateAsync(sessionId, member.Id, TimeSpan.FromHours(8), ct);

        Response.Cookies.Append(SessionCookie, sessionId, new CookieOptions
        {
            Path = "/",
            MaxAge = TimeSpan.FromHours(8),
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Strict
        });

        return Ok(new { member.DisplayName });
    }

    [HttpDelete]
    public async Task<IActionResult> End(CancellationToken ct)
    {
        if (Request.Cookies.TryGetValue(SessionCookie, out var sessionId))
            await _sessions.RevokeAsync(sessionId, ct);

        Response.Cookies.Delete(SessionCookie);
        return NoContent();
    }
}

public sealed record StaffMember(Guid Id, string DisplayName);

public interface IStaffDirectory
{
    Task<StaffMember?> VerifyPinAsync(string staffNumber, string pin, CancellationToken ct);
}

public interface ISessionStore
{
    Task CreateAsync(string sessionId, Guid staffId, TimeSpan lifetime, CancellationToken ct);
    Task RevokeAsync(string sessionId, CancellationToken ct);
}
