using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DevPortal.Api.Tokens;

public sealed class PersonalAccessToken
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public string Prefix { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed record CreateTokenRequest(string Name, int ValidDays);

public static class TokenHasher
{
    // Server-side pepper so a leaked table alone cannot be used to check guesses.
    private static readonly byte[] Pepper = Convert.FromBase64String(
        Environment.GetEnvironmentVariable("PAT_HASH_PEPPER")
            ?? throw new InvalidOperationException("PAT_HASH_PEPPER is not set"));

    public static string Hash(string token)
    {
        var digest = HMACSHA256.HashData(Pepper, Encoding.UTF8.GetBytes(token));
        return Convert.ToHexString(digest).ToLowerInvariant();
    }
}

[ApiController]
[Authorize]
[Route("api/tokens")]
public sealed class AccessTokensController : ControllerBase
{
    private readonly PortalDbContext _db;

    public AccessTokensController(PortalDbContext db) => _db = db;

    [HttpPost]
    public async Task<IActionResult> Create([FromBody] CreateTokenRequest request, CancellationToken ct)
    {
        var validDays = Math.Clamp(request.ValidDays, 1, 365);
        var secret = "pat_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var entity = new PersonalAccessToken
        {
            Id = Guid.NewGuid(),
            UserId = User.FindFirstValue(ClaimTypes.NameIdentifier)!,
            Name = request.Name.Trim(),
            Prefix = secret[..8],
            TokenHash = TokenHasher.Hash(secret),
            ExpiresAt = DateTimeOffset.UtcNow.AddDays(validDays)
        };

        _db.AccessTokens.Add(entity);
        await _db.SaveChangesAsync(ct);

        // The plain token is shown exactly once.
        return Ok(new { entity.Id, entity.Name, token = secret, entity.ExpiresAt });
    }

    [HttpGet]
    public async Task<IActionResult> List(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var tokens = await _db.AccessTokens
            .Where(t => t.UserId == userId)
            .Select(t => new { t.Id, t.Name, t.Prefix, t.ExpiresAt })
            .ToListAsync(ct);
        return Ok(tokens);
    }
}

public sealed class PortalDbContext : DbContext
{
    public PortalDbContext(DbContextOptions<PortalDbContext> options) : base(options) { }
    public DbSet<PersonalAccessToken> AccessTokens => Set<PersonalAccessToken>();
}
