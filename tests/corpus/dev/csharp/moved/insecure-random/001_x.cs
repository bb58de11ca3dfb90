using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accounts.Api.Controllers;

public sealed record ResetCodeRequest(string Email);

public sealed class PasswordResetCode
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public string Code { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public int Attempts { get; set; }
}

[ApiController]
[Route("api/password-reset")]
public sealed class PasswordResetController : ControllerBase
{
    private readonly AccountsDbContext _db;
    private readonly ISmsSender _sms;

    public PasswordResetController(AccountsDbContext db, ISmsSender sms)
    {
        _db = db;
        _sms = sms;
    }

    // Step 1 of the mobile reset flow: text a six-digit code to the phone on file.
    [HttpPost("code")]
    public async Task<IActionResult> SendCode([FromBody] ResetCodeRequest request, CancellationToken ct)
    {
        var user = await _db.Users.SingleOrDefaultAsync(u => u.Email == request.Email.Trim().ToLower(), ct);
        if (user?.Phone is not null)
        {
            var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");

            _db.ResetCodes.Add(new PasswordResetCode
            {
                UserId = user.Id,
                Code = code,
                ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(10)
            });
            await _db.SaveChangesAsync(ct);

            await _sms.SendAsync(user.Phone, $"Your reset code is {code}. It expires in 10 minutes.", ct);
        }

        // Same answer whether or not the account exists.
        return Accepted();
    }
}

public sealed class AppUser
{
    public Guid Id { get; set; }
    public string Email { get; set; } = "";
    public string? Phone { get; set; }
}

public sealed class AccountsDbContext : DbContext
{
    public AccountsDbContext(DbContextOptions<AccountsDbContext> options) : base(options) { }
    public DbSet<AppUser> Users => Set<AppUser>();
    public DbSet<PasswordResetCode> ResetCodes => Set<PasswordResetCode>();
}

public interface ISmsSender
{
    Task SendAsync(string phone, string text, CancellationToken ct);
}
