using System;
using System.IdentityModel.Tokens.Jwt;
using System.Linq;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

public static class AuthSetup
{
    public static void AddAuth(IServiceCollection services, SymmetricSecurityKey signingKey)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    // ruleid: cs-jwt-issuer-signing-key-not-validated
                    ValidateIssuerSigningKey = false,
                    // ruleid: cs-jwt-signature-not-required
                    RequireSignedTokens = false,
                    // ruleid: cs-jwt-signature-not-required
                    SignatureValidator = (token, parameters) => new JwtSecurityToken(token),
                };
            });
    }

    public static void AddAuthStrict(IServiceCollection services, SymmetricSecurityKey signingKey)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    // ok: cs-jwt-issuer-signing-key-not-validated
                    ValidateIssuerSigningKey = true,
                    // ok: cs-jwt-issuer-signing-key-not-validated
                    ValidateLifetime = false,
                    // ok: cs-jwt-signature-not-required
                    RequireSignedTokens = true,
                    // ok: cs-jwt-signature-not-required
                    RequireExpirationTime = false,
                    IssuerSigningKey = signingKey,
                };
            });
    }
}

[ApiController]
[Route("api/me")]
public class MeController : ControllerBase
{
    private readonly TokenValidationParameters _parameters;

    public MeController(TokenValidationParameters parameters)
    {
        _parameters = parameters;
    }

    [HttpGet]
    public IActionResult Get()
    {
        var header = Request.Headers["Authorization"].ToString();
        var token = header.Replace("Bearer ", "");
        // ruleid: cs-jwt-decoded-without-verification
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
        var role = jwt.Claims.First(c => c.Type == "role").Value;
        return role == "admin" ? Ok("admin area") : Forbid();
    }

    [HttpGet("verified")]
    public IActionResult GetVerified()
    {
        var header = Request.Headers["Authorization"].ToString();
        var token = header.Replace("Bearer ", "");
        var handler = new JwtSecurityTokenHandler();
        var principal = handler.ValidateToken(token, _parameters, out var validated);
        // ok: cs-jwt-decoded-without-verification
        var jwt = handler.ReadJwtToken(token);
        return principal.IsInRole("admin") ? Ok(jwt.Issuer) : Forbid();
    }

    [HttpGet("claims")]
    public IActionResult Claims()
    {
        // ok: cs-jwt-decoded-without-verification
        var role = User.Claims.FirstOrDefault(c => c.Type == "role")?.Value;
        return Ok(role);
    }
}
