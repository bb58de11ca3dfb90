using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Members.Api.Controllers;

public sealed record RegisterRequest(string Email, string Password, string DisplayName);

public sealed class Member
{
    public Guid Id { get; set; }
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public string PasswordSalt { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

[ApiController]
[Route("api/members")]
public sealed class RegistrationController : ControllerBase
{
    private readonly MembersDbContext _db;

    public RegistrationController(MembersDbContext db) => _db = db;

    [HttpPost("register")]
    public async Task<IActionResult> Register([FromBody] RegisterRequest request, CancellationToken ct)
    {
        if (request.Password.Length < 12)
            return BadRequest(new { message = "password must be at least 12 characters" });

        var email = request.Email.Trim().ToLowerInvariant();
        if (await _db.Members.AnyAsync(m => m.Email == email, ct))
            return Conflict(new { message = "email already registered" });

        var salt = RandomNumberGenerator.GetBytes(16);
        var member = new Member
        {
            Id = Guid.NewGuid(),
            Email = email,
            DisplayName = request.DisplayName.Trim(),
            PasswordSalt = Convert.ToBase64String(salt),
            PasswordHash = HashPassword(request.Password, salt),
            CreatedAt = DateTimeOffset.UtcNow
        };

        _db.Members.Add(member);
        await _db.SaveChangesAsync(ct);

        return Created($"/api/members/{member.Id}", new { member.Id, member.DisplayName });
    }

    private static string HashPassword(string password, byte[] salt)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var input = new byte[salt.Length + passwordBytes.Length];
        Buffer.BlockCopy(salt, 0, input, 0, salt.Length);
        Buffer.BlockCopy(passwordBytes, 0, input, salt.Length, passwordBytes.Length);
        return Convert.ToHexString(SHA1.HashData(input));
    }
}

public sealed class MembersDbContext : DbContext
{
    public MembersDbContext(DbContextOptions<MembersDbContext> options) : base(options) { }
    public DbSet<Member> Members => Set<Member>();
}
